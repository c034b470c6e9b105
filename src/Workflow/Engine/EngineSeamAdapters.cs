using DeepScan.Detection;
using DeepScan.Detection.Engine;
using DeepScan.Detection.Evidence;
using DeepScan.Detection.Video;
using DeepScan.Workflow.Activities;

namespace DeepScan.Workflow.Engine;

/// <summary>The engine's ffprobe step behind the workflow's seam; input errors become <see cref="UnusableVideoException"/>.</summary>
internal sealed class EngineVideoProber(VideoProber prober) : IVideoProber
{
    public async Task<VideoInfo> ProbeAsync(VideoRef video, CancellationToken cancellationToken)
    {
        try
        {
            return await prober.ProbeAsync(video, cancellationToken).ConfigureAwait(false);
        }
        catch (VideoInputException ex)
        {
            throw new UnusableVideoException(ex.Message, ex);
        }
    }
}

/// <summary>The engine's reset-frame scan behind the workflow's seam.</summary>
internal sealed class EngineKeyFrameScanner(KeyFrameScanner scanner) : IKeyFrameScanner
{
    public Task<KeyFrameIndex?> ScanAsync(VideoRef video, VideoInfo info, CancellationToken cancellationToken) =>
        scanner.ScanAsync(video, info, cancellationToken);
}

/// <summary>The engine's pure chunk planning behind the workflow's seam.</summary>
internal sealed class EngineChunkPlanner : IChunkPlanner
{
    public IReadOnlyList<FrameChunk> Plan(
        VideoRef video, VideoInfo info, int frames, int chunkSize, KeyFrameIndex? keyFrames) =>
        ChunkPlanner.Plan(video, info, frames, chunkSize, keyFrames);
}

/// <summary>The engine's <see cref="DetectionEngine.ScoreChunkAsync"/> behind the workflow's seam.</summary>
/// <remarks>The engine (every model session) is created on first use, so a host starts fast and a model problem
/// surfaces as a clear chunk failure with the fix in its message.</remarks>
internal sealed class EngineChunkScorer(Lazy<DetectionEngine> engine) : IChunkScorer
{
    public Task<ChunkScores> ScoreChunkAsync(
        FrameChunk chunk, CancellationToken cancellationToken, Action<FaceThumbnail>? thumbnails = null) =>
        engine.Value.ScoreChunkAsync(chunk, cancellationToken, thumbnails);
}
