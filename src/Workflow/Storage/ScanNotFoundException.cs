namespace DeepScan.Workflow.Storage;

/// <summary>An update named a scan the store has no record of.</summary>
public sealed class ScanNotFoundException(string scanId)
    : KeyNotFoundException($"Scan {scanId} has no record; create it before updating it.")
{
    public string ScanId { get; } = scanId;
}
