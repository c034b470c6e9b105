using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Http;

/// <summary>
/// The answer to <c>GET /api/scans/{id}/evidence</c>, the same from both hosts: the evidence sheet as PNG bytes once
/// the scan has finished, or the problem saying why there is none (404 unknown scan or no sheet, 409 not finished).
/// </summary>
/// <remarks>Every finished scan with a verdict has a sheet, including <c>no-faces</c> and <c>error</c> verdicts (a
/// sheet that says so), unless it was started with <c>Scan:Evidence</c> off or rendering failed. A scan that failed
/// before it had a verdict has none.</remarks>
public sealed record ScanEvidenceResponse(byte[]? Png, ProblemDocument? Problem)
{
    public const string ContentType = "image/png";

    public static async Task<ScanEvidenceResponse> ReadAsync(
        IScanStore scans, string scanId, CancellationToken cancellationToken)
    {
        if (!ScanIds.IsValid(scanId) || await scans.GetAsync(scanId, cancellationToken) is not { } record)
        {
            return new(null, ProblemDocument.ScanNotFound(scanId, ScanRoutes.Evidence(scanId)));
        }

        if (!record.Status.IsFinal())
        {
            return new(null, ProblemDocument.ScanNotFinished(scanId, record.Status));
        }

        return await scans.ReadEvidenceAsync(scanId, cancellationToken) is { } png
            ? new(png, null)
            : new(null, ProblemDocument.NoEvidence(scanId, WhyNone(record)));
    }

    private static string WhyNone(ScanRecord record) => record.VerdictUrl is null
        ? $"Scan '{record.Id}' failed before it had a verdict, so there is nothing to show: {record.Error}"
        : $"Scan '{record.Id}' finished without an evidence sheet: it was started with Scan:Evidence off, or the "
            + "sheet could not be rendered (the host's log says why).";
}
