using DeepScan.Detection;
using DeepScan.Detection.Evidence;
using DeepScan.Detection.Video;

namespace DeepScan.Workflow.Activities;

/// <summary>Reads a video's stream properties (the engine's ffprobe step).</summary>
public interface IVideoProber
{
    /// <exception cref="UnusableVideoException">The bytes are not a video the engine can read.</exception>
    Task<VideoInfo> ProbeAsync(VideoRef video, CancellationToken cancellationToken);
}

/// <summary>Finds where decoding a video may start past its first frame (the engine's reset-frame scan).</summary>
public interface IKeyFrameScanner
{
    /// <summary>The video's reset frames; null when it is decoded from its first frame (never throws for bad input).
    /// </summary>
    Task<KeyFrameIndex?> ScanAsync(VideoRef video, VideoInfo info, CancellationToken cancellationToken);
}

/// <summary>Chooses the frames to sample and splits them into chunks. Pure: same inputs, same plan.</summary>
public interface IChunkPlanner
{
    /// <param name="keyFrames">Where decoding may start; null decodes every chunk from the first frame.</param>
    IReadOnlyList<FrameChunk> Plan(VideoRef video, VideoInfo info, int frames, int chunkSize, KeyFrameIndex? keyFrames);
}

/// <summary>Decodes a chunk's frames, finds the faces and scores them with every ensemble member.</summary>
public interface IChunkScorer
{
    /// <param name="thumbnails">Given, it gets a thumbnail of every scored face, which the scores never carry.</param>
    Task<ChunkScores> ScoreChunkAsync(
        FrameChunk chunk, CancellationToken cancellationToken, Action<FaceThumbnail>? thumbnails = null);
}

/// <summary>
/// The upload is not something the engine can scan (not a video, no video stream, unreadable container). A user
/// caused it, so the scan ends with an error verdict carrying this message instead of being retried.
/// </summary>
public sealed class UnusableVideoException(string message, Exception? inner = null) : Exception(message, inner);
