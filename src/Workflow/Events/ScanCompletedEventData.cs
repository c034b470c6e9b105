using DeepScan.Detection;

namespace DeepScan.Workflow.Events;

/// <summary>The <c>data</c> of a <see cref="ScanEventTypes.Completed"/> CloudEvent.</summary>
/// <param name="BlobUrl">The scanned blob's URL, without any SAS.</param>
/// <param name="FakeProbability">The verdict's probability; null for <c>no-faces</c> and <c>error</c>.</param>
/// <param name="VerdictUrl">Where the full verdict document is stored.</param>
public sealed record ScanCompletedEventData(
    string ScanId,
    string BlobUrl,
    VerdictState Verdict,
    double? FakeProbability,
    string VerdictUrl);
