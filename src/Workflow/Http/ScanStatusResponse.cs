using DeepScan.Detection;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Http;

/// <summary>
/// The body of <c>GET /api/scans/{id}</c>, of every webhook, and of a <c>POST /api/scans</c> for a scan that has
/// finished already: the scan's status (<c>pending</c>, <c>running</c>, <c>completed</c> or <c>failed</c>) and, once it
/// has one, the verdict document; <see cref="Error"/> says why a finished scan shows none.
/// </summary>
/// <param name="Error">Set only for a finished scan without a verdict to show: why it failed before it had one, or
/// that its stored verdict is gone (deleted, or expired by a storage lifecycle rule).</param>
public sealed record ScanStatusResponse(
    string Id, ScanStatus Status, VerdictDocument? Verdict = null, string? Error = null)
{
    /// <summary>The status of the scan with this id, from the store; null when there is no such scan.</summary>
    public static async Task<ScanStatusResponse?> ReadAsync(
        IScanStore scans, string scanId, CancellationToken cancellationToken)
    {
        if (await scans.GetAsync(scanId, cancellationToken) is not { } record)
        {
            return null;
        }

        // A scan not yet final shows no verdict, even one already written: it is not read.
        var verdict = record.VerdictUrl is null || !record.Status.IsFinal()
            ? null
            : await scans.ReadVerdictAsync(scanId, cancellationToken);
        return From(record, verdict);
    }

    /// <summary>The response for a stored scan; the verdict is shown only once the scan has finished.</summary>
    public static ScanStatusResponse From(ScanRecord record, VerdictDocument? verdict)
    {
        if (!record.Status.IsFinal())
        {
            return new ScanStatusResponse(record.Id, record.Status);
        }

        var error = verdict is not null ? null
            : record.VerdictUrl is not null ? VerdictGone(record)
            : record.Error ?? $"The scan {record.Status.Name()} without a verdict.";
        return new ScanStatusResponse(record.Id, record.Status, verdict, error);
    }

    // A scan's id comes from the video's name and version, so asking again for the same video answers with this same
    // record: only the video under another name, or a new version of it, is scanned afresh. Like every error a caller
    // sees, it names no place in storage.
    private static string VerdictGone(ScanRecord record) =>
        $"The scan {record.Status.Name()}, but its verdict is no longer in storage: it was deleted, or expired, after "
        + $"the scan finished. To score '{record.VideoName}' again, upload it under another name.";
}
