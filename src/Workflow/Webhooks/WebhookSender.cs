using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Webhooks;

/// <summary>
/// Sends one Standard Webhooks POST and reports what happened; never throws for what the receiver does. Use it as a
/// typed <see cref="HttpClient"/> over <see cref="WebhookHttpHandler"/>.
/// </summary>
public sealed class WebhookSender(
    HttpClient http,
    CallbackUrlValidator validator,
    TimeProvider timeProvider,
    IOptions<WebhookOptions> options,
    ILogger<WebhookSender> logger) : IWebhookSender
{
    public async Task<WebhookAttempt> SendAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        Uri url;
        try
        {
            url = await validator.ValidateAsync(message.Url, cancellationToken);
        }
        catch (CallbackUrlException ex)
        {
            return WebhookAttempt.Failed(ex.Message, permanent: true);
        }

        var timeout = options.Value.Timeout;
        using var request = Build(message, url);
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return Classify(response.StatusCode);
        }
        catch (HttpRequestException ex) when (ex.InnerException is CallbackUrlException refused)
        {
            return WebhookAttempt.Failed(refused.Message, permanent: true);
        }
        catch (HttpRequestException ex)
        {
            logger.LogInformation(
                "Webhook {MessageId} to {Host} failed: {Error}", message.MessageId, url.Host, ex.Message);
            return WebhookAttempt.Failed($"The callback could not be reached: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return WebhookAttempt.Failed($"The callback did not answer within {timeout.TotalSeconds:0.#} s.");
        }
    }

    private HttpRequestMessage Build(WebhookMessage message, Uri url)
    {
        var body = Encoding.UTF8.GetBytes(message.Body);
        var timestamp = timeProvider.GetUtcNow();
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookHeaders.Id, message.MessageId);
        request.Headers.Add(
            WebhookHeaders.Timestamp, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        if (message.Secret is not null)
        {
            request.Headers.Add(
                WebhookHeaders.Signature, WebhookSigner.Sign(message.Secret, message.MessageId, timestamp, body));
        }

        return request;
    }

    private static WebhookAttempt Classify(HttpStatusCode status)
    {
        var code = (int)status;
        return code switch
        {
            >= 200 and < 300 => WebhookAttempt.Succeeded(code),
            410 => WebhookAttempt.Failed(
                "The callback answered 410 Gone: it wants no more webhooks.", code, permanent: true),
            >= 300 and < 400 => WebhookAttempt.Failed(
                $"The callback answered {code}, a redirect; redirects are not followed, so register the final URL.",
                code,
                permanent: true),
            _ => WebhookAttempt.Failed($"The callback answered {code}.", code),
        };
    }
}
