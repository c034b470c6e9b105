using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace DeepScan.Workflow.Tests.Events;

/// <summary>A POST the receiver captured.</summary>
public sealed record CapturedRequest(
    string Method, string Path, string Query, string? ContentType, string? SasKey, string Body);

/// <summary>
/// An HTTP endpoint on 127.0.0.1 standing in for an Event Grid topic: it captures every request and answers with
/// <see cref="ResponseStatus"/>. The publisher under test reaches it over real sockets.
/// </summary>
public sealed class CloudEventReceiver : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Channel<CapturedRequest> _requests = Channel.CreateUnbounded<CapturedRequest>();
    private readonly Task _loop;

    public CloudEventReceiver()
    {
        (_listener, Port) = StartOnFreePort();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri TopicEndpoint => new($"http://127.0.0.1:{Port}/api/events");

    public HttpStatusCode ResponseStatus { get; set; } = HttpStatusCode.OK;

    /// <summary>The next captured request; fails the test if none arrives within ten seconds.</summary>
    public async Task<CapturedRequest> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _requests.Reader.ReadAsync(timeout.Token);
    }

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    /// <summary>HttpListener cannot take port 0: it takes a port the OS just handed out, retrying on a clash.</summary>
    private static (HttpListener Listener, int Port) StartOnFreePort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, port);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            await _requests.Writer.WriteAsync(new CapturedRequest(
                context.Request.HttpMethod,
                context.Request.Url!.AbsolutePath,
                context.Request.Url.Query,
                context.Request.ContentType,
                context.Request.Headers["aeg-sas-key"],
                await reader.ReadToEndAsync()));
            context.Response.StatusCode = (int)ResponseStatus;
            context.Response.Close();
        }
    }
}
