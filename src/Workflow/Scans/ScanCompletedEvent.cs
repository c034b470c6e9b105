using DeepScan.Detection;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Scans;

/// <summary>A scan reached its final status: what a subscriber needs to decide whether to fetch the verdict.</summary>
/// <param name="CompletedAt">The workflow's replay-safe time, so a retried publish carries the same value.</param>
public sealed record ScanCompletedEvent(
    string ScanId,
    ScanStatus Status,
    VerdictState Verdict,
    double? FakeProbability,
    string VideoName,
    string VerdictUrl,
    DateTime CompletedAt);
