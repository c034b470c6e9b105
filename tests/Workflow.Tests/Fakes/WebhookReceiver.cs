using System.Collections.Concurrent;
using System.Text;
using DeepScan.Workflow.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeepScan.Workflow.Tests.Fakes;

/// <summary>A webhook as the receiver got it.</summary>
internal sealed record ReceivedWebhook(
    string Path, string? Id, string? Timestamp, string? Signature, string? ContentType, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>Checks the signature as a Standard Webhooks receiver would.</summary>
    public void Verify(string secret) =>
        WebhookSigner.Verify(WebhookSecret.Parse(secret), Id, Timestamp, Signature, Body, DateTimeOffset.UtcNow);
}

/// <summary>A real Kestrel server on 127.0.0.1 that records webhooks and answers each with a scripted status.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebhookReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public Uri BaseUrl => new(app.Urls.Single());

    public string HookUrl => new Uri(BaseUrl, "/hooks").ToString();

    /// <param name="status">The status for the n-th request (from 1); 200 when omitted.</param>
    /// <param name="delay">How long to wait before answering.</param>
    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? status = null, TimeSpan? delay = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var count = 0;
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = context.Request.Headers;
            receiver.Received.Enqueue(new ReceivedWebhook(
                context.Request.Path,
                headers["webhook-id"],
                headers["webhook-timestamp"],
                headers["webhook-signature"],
                context.Request.ContentType,
                body.ToArray()));
            if (delay is { } wait)
            {
                await Task.Delay(wait, context.RequestAborted);
            }

            var code = status?.Invoke(Interlocked.Increment(ref count)) ?? StatusCodes.Status200OK;
            if (code is >= 300 and < 400)
            {
                context.Response.Headers.Location = "/elsewhere";
            }

            context.Response.StatusCode = code;
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
