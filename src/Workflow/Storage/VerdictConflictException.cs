namespace DeepScan.Workflow.Storage;

/// <summary>A scan already has a verdict and a different one was written for it: verdicts are write-once.</summary>
public sealed class VerdictConflictException(string scanId) : InvalidOperationException(
    $"Scan {scanId} already has a different verdict; verdicts are never overwritten.")
{
    public string ScanId { get; } = scanId;
}
