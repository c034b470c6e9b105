using DeepScan.Detection;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Scans;

/// <summary>What the workflow needs to know about a scan it starts running.</summary>
public sealed record RunningScan(string VideoName, int WebhookCount);

/// <summary>Input of PlanScan: the upload's name and the sampling settings (<see cref="ScanSettings"/>).</summary>
public sealed record PlanScanInput(
    string VideoName,
    int FramesPerVideo,
    int FramesPerChunk,
    double FramesPerSecond = 0,
    int MaxFrames = ScanOptions.DefaultMaxFrames);

/// <summary>
/// Output of PlanScan: the source, its probe and the chunks to score, or the reason the upload cannot be scanned.
/// </summary>
/// <param name="Info">The probe result; null when the upload was rejected.</param>
/// <param name="Rejection">A one-line reason a user can act on (not a video, no frames…); null when planned.</param>
public sealed record ScanPlan(SourceInfo Source, VideoInfo? Info, PlannedChunk[] Chunks, string? Rejection = null);

/// <summary>One chunk of a plan: just indices, because the video is found again by name when it is scored.</summary>
/// <remarks>A <see cref="FrameChunk"/> carries a resolved <see cref="VideoRef"/> (for a blob, a short-lived SAS URL),
/// which must not live in history; the ScoreChunk activity resolves a fresh one.</remarks>
/// <param name="ReferenceFramesOnly">As <see cref="FrameChunk.ReferenceFramesOnly"/>.</param>
/// <param name="Seek">As <see cref="FrameChunk.Seek"/>: one start frame per target, so history stays small.</param>
public sealed record PlannedChunk(int Index, int[] FrameIndices, bool ReferenceFramesOnly = false, ChunkSeek? Seek = null)
{
    /// <summary>This chunk of <paramref name="video"/>, resolved for scoring.</summary>
    public FrameChunk In(VideoRef video, VideoInfo info) =>
        new(video, info, Index, FrameIndices, ReferenceFramesOnly, Seek);
}

/// <summary>Input of ScoreChunk.</summary>
/// <param name="EvidenceFor">The scan whose store keeps this chunk's face thumbnails; null keeps none.</param>
public sealed record ScoreChunkInput(string VideoName, VideoInfo Info, PlannedChunk Chunk, string? EvidenceFor = null);

/// <summary>Input of <see cref="ScanChunkBatchWorkflow"/>: the chunks of one batch.</summary>
/// <param name="EvidenceFor">As <see cref="ScoreChunkInput.EvidenceFor"/>.</param>
public sealed record ChunkBatchInput(
    string VideoName, VideoInfo Info, PlannedChunk[] Chunks, string? EvidenceFor = null);

/// <summary>What scoring a batch produced: the scores, and each chunk that failed after its retries.</summary>
public sealed record ChunkBatchResult(ChunkScores[] Scored, ChunkFailure[] Failures);

/// <summary>A chunk that could not be scored, and why.</summary>
public sealed record ChunkFailure(int ChunkIndex, string Error);

/// <summary>Input of WriteVerdict.</summary>
public sealed record WriteVerdictInput(string ScanId, VerdictDocument Verdict);

/// <summary>Output of FinishScan: how many webhooks the scan had when it finished, the ones to call.</summary>
/// <remarks>A caller who asks for a running scan adds its webhook to the record; this count includes every webhook
/// added before the scan finished, and a request after that is answered with the result itself.</remarks>
public sealed record FinishedScan(int WebhookCount);

/// <summary>Input of FinishScan: the scan's final status and where its verdict is.</summary>
public sealed record FinishScanInput(string ScanId, ScanStatus Status, string? VerdictUrl, string? Error);

/// <summary>Input of DeliverWebhook: which of the scan's registered webhooks to call.</summary>
public sealed record DeliverWebhookInput(string ScanId, int WebhookIndex);

/// <summary>How delivering one webhook ended, after all its attempts.</summary>
public sealed record WebhookOutcome(
    int WebhookIndex, bool Delivered, int Attempts, int? LastStatusCode, string? LastError);

/// <summary>Input of RecordWebhookDeliveries.</summary>
public sealed record RecordDeliveriesInput(string ScanId, WebhookOutcome[] Outcomes);
