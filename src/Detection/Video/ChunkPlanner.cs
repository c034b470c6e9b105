namespace DeepScan.Detection.Video;

/// <summary>Splits a video's sampled frames into chunks, the unit of fan-out. Pure: same inputs, same plan.</summary>
public static class ChunkPlanner
{
    /// <summary>
    /// The closest two sampled frames may be for the plan to decode reference frames only. Encoders put at most a few
    /// non-reference frames in a row (x264: up to 3 B-frames, every other one with B-pyramids), so targets this far
    /// apart never move onto the same frame; denser plans decode every frame and get exactly their targets.
    /// </summary>
    public const int MinimumSpacingForReferenceFramesOnly = 6;

    /// <param name="keyFrames">The video's reset frames (<see cref="KeyFrameScanner"/>): each chunk then records where
    /// its targets may start decoding. Null decodes every chunk from the first frame.</param>
    public static IReadOnlyList<FrameChunk> Plan(
        VideoRef video, VideoInfo info, int frames = 32, int chunkSize = 8, KeyFrameIndex? keyFrames = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        var targets = FrameSampler.EvenlySpaced(info.FrameCount, frames);
        var referenceFramesOnly = MinimumSpacing(targets, info.FrameCount) >= MinimumSpacingForReferenceFramesOnly;
        return targets
            .Chunk(chunkSize)
            .Select((indices, i) => new FrameChunk(
                video, info, i, indices, referenceFramesOnly, keyFrames?.SeekFor(indices, referenceFramesOnly)))
            .ToList();
    }

    /// <summary>The smallest gap between consecutive targets; the frame count when there is only one.</summary>
    private static int MinimumSpacing(int[] targets, int frameCount) =>
        targets.Length < 2 ? frameCount : targets.Zip(targets.Skip(1), (a, b) => b - a).Min();
}
