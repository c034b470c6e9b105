using System.Net;
using System.Net.Sockets;

namespace DeepScan.Workflow.Webhooks;

/// <summary>
/// The socket handler webhooks go out through: it follows no redirects, uses no proxy or cookies, and connects only to
/// an address it has just resolved and checked with <see cref="CallbackUrlValidator"/>, so a host that resolves to a
/// public address at validation and a private one at delivery (DNS rebinding) is still refused.
/// </summary>
public static class WebhookHttpHandler
{
    public static SocketsHttpHandler Create(CallbackUrlValidator validator) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, cancellationToken) =>
            ConnectAsync(validator, context.DnsEndPoint, cancellationToken),
    };

    private static async ValueTask<Stream> ConnectAsync(
        CallbackUrlValidator validator, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = await validator.ResolveAllowedAsync(endPoint.Host, cancellationToken);
        SocketException? lastFailure = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                lastFailure = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastFailure!;
    }
}
