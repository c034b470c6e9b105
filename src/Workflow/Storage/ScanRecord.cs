using System.Text.Json;

namespace DeepScan.Workflow.Storage;

/// <summary>Where a scan is in its life, as <c>GET /api/scans/{id}</c> reports it.</summary>
public enum ScanStatus
{
    Pending,
    Running,
    Completed,
    Failed,
}

/// <summary>What a <see cref="ScanStatus"/> means for callers.</summary>
public static class ScanStatuses
{
    /// <summary>Completed or failed: the verdict (or the error) is final, and no webhook is added or called any more.
    /// </summary>
    public static bool IsFinal(this ScanStatus status) => status is ScanStatus.Completed or ScanStatus.Failed;

    /// <summary>The status as the API writes it (camelCase, <see cref="ScanStatusJsonConverter"/>): <c>pending</c>,
    /// <c>running</c>, <c>completed</c>, <c>failed</c>; for messages that quote it.</summary>
    public static string Name(this ScanStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}

/// <summary>A webhook the caller registered when starting a scan.</summary>
/// <param name="Secret">Standard Webhooks secret (<c>whsec_</c> + base64 key); null to send unsigned.</param>
public sealed record WebhookRegistration(string Url, string? Secret);

/// <summary>The outcome of delivering one webhook, kept on the scan so a final failure is never lost.</summary>
public sealed record WebhookDeliveryRecord(string Url, bool Delivered, int Attempts, int? LastStatusCode, string? LastError);

/// <summary>Everything the store keeps about one scan besides its verdict.</summary>
/// <param name="Id">The deterministic scan id (see <see cref="ScanIds"/>); also the orchestration instance id.</param>
/// <param name="VideoName">The uploads-container blob name (or the file name for a local path).</param>
/// <param name="VideoVersion">The blob's ETag or the content's sha256: what makes two uploads the same scan.</param>
public sealed record ScanRecord(
    string Id,
    string VideoName,
    string VideoVersion,
    ScanStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    WebhookRegistration[] Webhooks,
    string? VerdictUrl = null,
    string? Error = null,
    WebhookDeliveryRecord[]? Deliveries = null);
