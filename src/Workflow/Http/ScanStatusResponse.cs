using DeepScan.Detection;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Http;

/// <summary>
/// The body of <c>GET /api/scans/{id}</c>, and of every webhook: the scan's status (<c>pending</c>, <c>running</c>,
/// <c>completed</c> or <c>failed</c>) and, once it has one, the verdict document.
/// </summary>
public sealed record ScanStatusResponse(string Id, ScanStatus Status, VerdictDocument? Verdict = null)
{
    /// <summary>The response for a stored scan; the verdict is shown only once the scan has finished.</summary>
    public static ScanStatusResponse From(ScanRecord record, VerdictDocument? verdict) => new(
        record.Id,
        record.Status,
        record.Status is ScanStatus.Completed or ScanStatus.Failed ? verdict : null);
}
