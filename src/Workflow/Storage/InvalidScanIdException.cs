namespace DeepScan.Workflow.Storage;

/// <summary>A scan id that <see cref="ScanIds"/> did not produce (wrong shape, or an attempt to name a path).</summary>
public sealed class InvalidScanIdException(string? scanId) : ArgumentException(
    $"{QuotedInput.Of(scanId)} is not a scan id: expected '{ScanIds.Prefix}' and 32 lowercase hex digits.")
{
    public string? ScanId { get; } = scanId;
}
