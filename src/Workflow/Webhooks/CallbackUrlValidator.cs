using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Webhooks;

/// <summary>
/// The SSRF guard for callback URLs: https only (unless allowed), no user info, and every address the host resolves
/// to must be public (loopback only when <see cref="WebhookOptions.AllowLoopback"/>). The webhook sender checks again
/// at connect time, on the address it actually connects to, so a DNS answer that changes later cannot slip through.
/// </summary>
public sealed class CallbackUrlValidator(IOptions<WebhookOptions> options, IHostAddressResolver resolver)
{
    public const int MaxLength = 2048;

    /// <summary>Checks the URL's form and any literal address, without DNS.</summary>
    /// <exception cref="CallbackUrlException">The URL is refused.</exception>
    public Uri CheckForm(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new CallbackUrlException(CallbackUrlError.Malformed, "The callback URL is empty.");
        }

        if (url.Length > MaxLength)
        {
            throw new CallbackUrlException(
                CallbackUrlError.TooLong, $"The callback URL is longer than {MaxLength} characters.");
        }

        // Parsers disagree about backslashes, whitespace and control characters; refusing them removes the ambiguity.
        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\')
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || string.IsNullOrEmpty(uri.IdnHost))
        {
            throw new CallbackUrlException(
                CallbackUrlError.Malformed, "The callback URL is not an absolute http(s) URL.");
        }

        var settings = options.Value;
        if (uri.Scheme != Uri.UriSchemeHttps && !(settings.AllowHttp && uri.Scheme == Uri.UriSchemeHttp))
        {
            throw new CallbackUrlException(
                CallbackUrlError.SchemeNotAllowed,
                settings.AllowHttp ? "The callback URL must use http or https." : "The callback URL must use https.");
        }

        if (uri.UserInfo.Length > 0 || uri.GetComponents(UriComponents.UserInfo, UriFormat.UriEscaped).Length > 0)
        {
            throw new CallbackUrlException(
                CallbackUrlError.UserInfoNotAllowed, "The callback URL must not contain a user name or password.");
        }

        var host = HostName(uri.IdnHost);
        if (IPAddress.TryParse(host, out var literal))
        {
            EnsureAllowed(literal, host);
        }
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                 || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            EnsureAllowed(IPAddress.Loopback, host);
        }

        return uri;
    }

    /// <summary>Checks the URL's form, then resolves its host and checks every address.</summary>
    /// <exception cref="CallbackUrlException">The URL is refused.</exception>
    public async Task<Uri> ValidateAsync(string? url, CancellationToken cancellationToken)
    {
        var uri = CheckForm(url);
        await ResolveAllowedAsync(uri.IdnHost, cancellationToken);
        return uri;
    }

    /// <summary>Every address of <paramref name="host"/>, after checking that each one is allowed.</summary>
    /// <exception cref="CallbackUrlException">The host does not resolve, or an address is refused.</exception>
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        var name = HostName(host);
        IPAddress[] addresses;
        if (IPAddress.TryParse(name, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(name, cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new CallbackUrlException(
                    CallbackUrlError.Unresolvable, $"The callback host '{name}' does not resolve: {ex.Message}");
            }
        }

        if (addresses.Length == 0)
        {
            throw new CallbackUrlException(
                CallbackUrlError.Unresolvable, $"The callback host '{name}' has no addresses.");
        }

        foreach (var address in addresses)
        {
            EnsureAllowed(address, name);
        }

        return addresses;
    }

    public bool IsAllowed(IPAddress address) => NetworkAddressClassifier.Classify(address) switch
    {
        NetworkAddressKind.Public => true,
        NetworkAddressKind.Loopback => options.Value.AllowLoopback,
        _ => false,
    };

    private void EnsureAllowed(IPAddress address, string host)
    {
        if (!IsAllowed(address))
        {
            throw new CallbackUrlException(
                CallbackUrlError.ForbiddenAddress,
                $"The callback host '{host}' is {Describe(NetworkAddressClassifier.Classify(address))} ({address}); "
                + "webhooks are only sent to public addresses.");
        }
    }

    private static string HostName(string host) => host.TrimStart('[').TrimEnd(']').TrimEnd('.');

    private static string Describe(NetworkAddressKind kind) => kind switch
    {
        NetworkAddressKind.Loopback => "a loopback address",
        NetworkAddressKind.Private => "a private address",
        NetworkAddressKind.LinkLocal => "a link-local address",
        NetworkAddressKind.SharedAddressSpace => "a carrier-grade NAT address",
        NetworkAddressKind.Unspecified => "an unspecified address",
        NetworkAddressKind.Multicast => "a multicast address",
        _ => "a reserved address",
    };
}
