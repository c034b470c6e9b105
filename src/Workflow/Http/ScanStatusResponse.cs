using DeepScan.Detection;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Http;

/// <summary>
/// The body of <c>GET /api/scans/{id}</c>, of every webhook, and of a <c>POST /api/scans</c> for a scan that has
/// finished already: the scan's status (<c>pending</c>, <c>running</c>, <c>completed</c> or <c>failed</c>) and, once it
/// has one, the verdict document.
/// </summary>
public sealed record ScanStatusResponse(string Id, ScanStatus Status, VerdictDocument? Verdict = null)
{
    /// <summary>The status of the scan with this id, from the store; null when there is no such scan.</summary>
    public static async Task<ScanStatusResponse?> ReadAsync(
        IScanStore scans, string scanId, CancellationToken cancellationToken)
    {
        if (await scans.GetAsync(scanId, cancellationToken) is not { } record)
        {
            return null;
        }

        var verdict = record.VerdictUrl is null ? null : await scans.ReadVerdictAsync(scanId, cancellationToken);
        return From(record, verdict);
    }

    /// <summary>The response for a stored scan; the verdict is shown only once the scan has finished.</summary>
    public static ScanStatusResponse From(ScanRecord record, VerdictDocument? verdict) => new(
        record.Id,
        record.Status,
        record.Status.IsFinal() ? verdict : null);
}
