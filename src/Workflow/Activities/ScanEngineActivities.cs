using DeepScan.Detection;
using DeepScan.Detection.Evidence;
using DeepScan.Detection.Video;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Activities;

/// <summary>The activities that read the video: planning the scan and scoring one chunk.</summary>
public sealed class ScanEngineActivities(
    IVideoStore videos,
    IVideoProber prober,
    IKeyFrameScanner keyFrames,
    IChunkPlanner planner,
    IChunkScorer scorer,
    ScanEvidenceActivities evidence)
{
    /// <summary>
    /// PlanScan: probes the upload and plans its chunks, or says why it cannot be scanned. All I/O of planning
    /// happens here so that the workflow never does any.
    /// </summary>
    public async Task<ScanPlan> PlanScanAsync(PlanScanInput input, CancellationToken cancellationToken)
    {
        var stored = await videos.GetAsync(input.VideoName, cancellationToken);
        if (stored is null)
        {
            return Rejected(input.VideoName, null, $"No uploaded video is named '{input.VideoName}'.");
        }

        var video = await videos.ResolveAsync(input.VideoName, cancellationToken);
        VideoInfo info;
        try
        {
            info = await prober.ProbeAsync(video, cancellationToken);
        }
        catch (UnusableVideoException ex)
        {
            return Rejected(input.VideoName, stored, ex.Message);
        }

        if (info.FrameCount <= 0)
        {
            return Rejected(input.VideoName, stored, $"'{input.VideoName}' has no video frames to scan.");
        }

        var frames = new FrameSampling(input.FramesPerVideo, input.FramesPerSecond, input.MaxFrames).CountFor(info);
        var resets = await keyFrames.ScanAsync(video, info, cancellationToken);
        var chunks = planner.Plan(video, info, frames, input.FramesPerChunk, resets);
        return new ScanPlan(
            ScanSources.From(stored, info),
            info,
            chunks.Select(c => new PlannedChunk(c.Index, c.FrameIndices, c.ReferenceFramesOnly, c.Seek)).ToArray());
    }

    /// <summary>ScoreChunk: resolves a fresh reference to the video and scores one chunk's frames; when the input
    /// names a scan, keeps the chunk's face thumbnails in its store (never in the result, which history keeps).
    /// </summary>
    public async Task<ChunkScores> ScoreChunkAsync(ScoreChunkInput input, CancellationToken cancellationToken)
    {
        var video = await videos.ResolveAsync(input.VideoName, cancellationToken);
        var chunk = input.Chunk.In(video, input.Info);
        if (input.EvidenceFor is not { } scanId)
        {
            return await scorer.ScoreChunkAsync(chunk, cancellationToken);
        }

        var thumbnails = new List<FaceThumbnail>();
        var scores = await scorer.ScoreChunkAsync(chunk, cancellationToken, thumbnails.Add);
        await evidence.KeepChunkAsync(scanId, ChunkEvidence.From(chunk.Index, thumbnails), cancellationToken);
        return scores;
    }

    private static ScanPlan Rejected(string videoName, StoredVideo? stored, string reason) =>
        new(ScanSources.Unknown(videoName, stored), null, [], reason);
}
