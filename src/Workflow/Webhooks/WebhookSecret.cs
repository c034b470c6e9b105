using System.Diagnostics.CodeAnalysis;

namespace DeepScan.Workflow.Webhooks;

/// <summary>A Standard Webhooks signing secret: <c>whsec_</c> followed by the base64 of a 24–64 byte key.</summary>
public sealed class WebhookSecret
{
    public const string Prefix = "whsec_";
    public const int MinKeyBytes = 24, MaxKeyBytes = 64;

    private readonly byte[] key;

    private WebhookSecret(byte[] key) => this.key = key;

    internal ReadOnlySpan<byte> Key => key;

    /// <exception cref="FormatException">The value is not <c>whsec_</c> + base64 of 24–64 bytes.</exception>
    public static WebhookSecret Parse(string value) =>
        TryParse(value, out var secret, out var error) ? secret : throw new FormatException(error);

    public static bool TryParse(
        string? value, [NotNullWhen(true)] out WebhookSecret? secret, [NotNullWhen(false)] out string? error)
    {
        secret = null;
        if (string.IsNullOrEmpty(value) || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"A webhook secret starts with '{Prefix}' followed by a base64 key.";
            return false;
        }

        var encoded = value.AsSpan(Prefix.Length);
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64Chars(encoded, buffer, out var length))
        {
            error = $"The part after '{Prefix}' is not valid base64.";
            return false;
        }

        if (length is < MinKeyBytes or > MaxKeyBytes)
        {
            error = $"The key after '{Prefix}' decodes to {length} bytes; "
                + $"use {MinKeyBytes} to {MaxKeyBytes} random bytes.";
            return false;
        }

        secret = new WebhookSecret(buffer[..length]);
        error = null;
        return true;
    }

    /// <summary>Never the key: secrets stay out of logs.</summary>
    public override string ToString() => Prefix + "…";
}
