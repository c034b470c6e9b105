namespace DeepScan.Workflow.Webhooks;

/// <summary>What one delivery attempt got (a 2xx, or a status or error) and whether a retry is pointless.</summary>
/// <param name="Permanent">True when another attempt cannot succeed: 410 Gone, a redirect (never followed), or a
/// callback URL that is no longer allowed.</param>
public sealed record WebhookAttempt(bool Delivered, int? StatusCode, string? Error, bool Permanent)
{
    public static WebhookAttempt Succeeded(int statusCode) => new(true, statusCode, null, false);

    public static WebhookAttempt Failed(string error, int? statusCode = null, bool permanent = false) =>
        new(false, statusCode, error, permanent);
}
