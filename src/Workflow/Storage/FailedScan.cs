namespace DeepScan.Workflow.Storage;

/// <summary>What the failed container keeps about a scan that failed for good.</summary>
/// <param name="Record">The scan's record at the time of failure; null when it had none.</param>
public sealed record FailedScan(string ScanId, string Reason, DateTimeOffset FailedAt, ScanRecord? Record);
