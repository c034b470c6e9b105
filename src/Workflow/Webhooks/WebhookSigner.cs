using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DeepScan.Workflow.Webhooks;

/// <summary>
/// Standard Webhooks symmetric signatures: <c>v1,</c> + base64(HMAC-SHA256(key, <c>{id}.{timestamp}.{body}</c>)).
/// </summary>
public static class WebhookSigner
{
    /// <summary>How far a timestamp may be from the receiver's clock: the reference libraries' five minutes.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const string SchemeVersion = "v1";

    /// <summary>The <c>webhook-signature</c> value for one attempt.</summary>
    /// <param name="messageId">The <c>webhook-id</c>, without '.', which delimits the signed content.</param>
    public static string Sign(WebhookSecret secret, string messageId, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        if (messageId.Length == 0 || messageId.Contains('.'))
        {
            throw new ArgumentException("A webhook id is non-empty and contains no '.'.", nameof(messageId));
        }

        return $"{SchemeVersion},{Convert.ToBase64String(Mac(secret, messageId, timestamp.ToUnixTimeSeconds(), body))}";
    }

    public static string Sign(WebhookSecret secret, string messageId, DateTimeOffset timestamp, string body) =>
        Sign(secret, messageId, timestamp, Encoding.UTF8.GetBytes(body));

    /// <summary>Checks a received webhook: headers present, timestamp in tolerance, a v1 signature matching.</summary>
    /// <exception cref="WebhookVerificationException">The webhook is not authentic, or too old or new.</exception>
    public static void Verify(
        WebhookSecret secret,
        string? messageId,
        string? timestampHeader,
        string? signatureHeader,
        ReadOnlySpan<byte> body,
        DateTimeOffset now,
        TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(messageId)
            || string.IsNullOrEmpty(timestampHeader)
            || string.IsNullOrEmpty(signatureHeader))
        {
            throw new WebhookVerificationException(
                $"Missing {WebhookHeaders.Id}, {WebhookHeaders.Timestamp} or {WebhookHeaders.Signature} header.");
        }

        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new WebhookVerificationException($"The {WebhookHeaders.Timestamp} header is not unix seconds.");
        }

        var window = tolerance ?? DefaultTolerance;
        var nowSeconds = now.ToUnixTimeSeconds();
        if (seconds < nowSeconds - (long)window.TotalSeconds)
        {
            throw new WebhookVerificationException("The webhook timestamp is too old.");
        }

        if (seconds > nowSeconds + (long)window.TotalSeconds)
        {
            throw new WebhookVerificationException("The webhook timestamp is too new.");
        }

        var expected = Mac(secret, messageId, seconds, body);
        var candidate = new byte[expected.Length];
        foreach (var signature in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = signature.IndexOf(',');
            if (comma > 0
                && signature.AsSpan(0, comma) is SchemeVersion
                && Convert.TryFromBase64String(signature[(comma + 1)..], candidate, out var written)
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(candidate, expected))
            {
                return;
            }
        }

        throw new WebhookVerificationException("No signature matches the body.");
    }

    private static byte[] Mac(WebhookSecret secret, string messageId, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{unixSeconds.ToString(CultureInfo.InvariantCulture)}.");
        var content = ArrayPool<byte>.Shared.Rent(prefix.Length + body.Length);
        try
        {
            prefix.CopyTo(content, 0);
            body.CopyTo(content.AsSpan(prefix.Length));
            return HMACSHA256.HashData(secret.Key, content.AsSpan(0, prefix.Length + body.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(content);
        }
    }
}

/// <summary>A received webhook failed verification; the message says which check.</summary>
public sealed class WebhookVerificationException(string message) : Exception(message);
