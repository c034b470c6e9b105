namespace DeepScan.Workflow.Storage;

/// <summary>Evidence (a chunk's thumbnails or the sheet) was written again with other content: evidence is write-once,
/// so the first stays.</summary>
public sealed class EvidenceConflictException(string scanId, string what) : InvalidOperationException(
    $"Scan {scanId} already has different evidence ({what}); evidence is never overwritten.")
{
    public string ScanId { get; } = scanId;
}
