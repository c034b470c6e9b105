using DeepScan.Detection;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Scans;

/// <summary>What starts a scan. The scan's record (video name, webhooks) must already be in the store.</summary>
/// <remarks>Webhook secrets stay in the store: orchestration inputs and outputs are kept in Durable history.</remarks>
public sealed record ScanWorkflowInput(string ScanId, ScanSettings Settings);

/// <summary>Settings fixed when a scan starts, so a replay never sees a configuration changed mid-scan.</summary>
/// <param name="FramesPerVideo">How many evenly spaced frames to sample.</param>
/// <param name="FramesPerChunk">How many sampled frames one ScoreChunk activity decodes and scores.</param>
/// <param name="Aggregation">The per-video strategy: <c>trimmed-mean</c>, <c>mean</c> or <c>confident</c>.</param>
/// <param name="Threshold">Probabilities at or above it make the verdict <c>fake</c>.</param>
/// <param name="WebhookMaxAttempts">Delivery attempts per webhook before the failure is recorded.</param>
/// <param name="FramesPerSecond">When above 0, frames per second of video instead of
/// <paramref name="FramesPerVideo"/>, at most <paramref name="MaxFrames"/>.</param>
/// <param name="Evidence">Keep each chunk's face thumbnails and render the evidence sheet after the verdict. False
/// by default, so that a history written before evidence existed replays without the steps it never took.</param>
public sealed record ScanSettings(
    int FramesPerVideo,
    int FramesPerChunk,
    string Aggregation,
    double Threshold,
    int WebhookMaxAttempts,
    double FramesPerSecond = 0,
    int MaxFrames = ScanOptions.DefaultMaxFrames,
    bool Evidence = false);

/// <summary>What a scan ended with; the orchestration's output, so it stays small (no frames, no secrets).</summary>
/// <param name="Verdict">The verdict state; null when the scan failed before a verdict was written.</param>
public sealed record ScanWorkflowResult(
    string ScanId,
    ScanStatus Status,
    VerdictState? Verdict,
    double? FakeProbability,
    string? VerdictUrl,
    int ChunksPlanned,
    int ChunksScored,
    WebhookOutcome[] Webhooks,
    string? Error = null);
