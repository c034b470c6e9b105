namespace DeepScan.Workflow.Storage;

/// <summary>A record kept changing under an update (optimistic concurrency) more often than the store retries.
/// </summary>
public sealed class ScanUpdateConflictException(string scanId, int attempts) : InvalidOperationException(
    $"Scan {scanId} was changed concurrently {attempts} times in a row; the update was not applied. Retry it.")
{
    public string ScanId { get; } = scanId;
}
