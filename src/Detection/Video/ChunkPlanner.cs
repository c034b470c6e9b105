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
        var spacing = MinimumSpacing(targets, info.FrameCount);
        var referenceFramesOnly = spacing >= MinimumSpacingForReferenceFramesOnly;
        if (keyFrames is not null && spacing >= SnapSpacingSeconds * info.Fps)
        {
            targets = SnapToResetFrames(targets, keyFrames, referenceFramesOnly);
        }
        return targets
            .Chunk(chunkSize)
            .Select((indices, i) => new FrameChunk(
                video, info, i, indices, referenceFramesOnly, keyFrames?.SeekFor(indices, referenceFramesOnly)))
            .ToList();
    }

    /// <summary>
    /// How far apart, in seconds of video, sampled frames must be for each to move back to just after the reset frame
    /// before it (an hour sampled 32 times: 115 s apart). Each then costs a few frames of decoding instead of half a
    /// group of pictures (2.5 s of 1080p, about 0.6 s of CPU), and frames stay evenly spaced to within a GOP.
    /// </summary>
    public const double SnapSpacingSeconds = 10;

    /// <summary>Each target moved back to the first frame a decode starting at the reset frame before it may pick;
    /// a target that would meet the one before it stays where it is.</summary>
    private static int[] SnapToResetFrames(int[] targets, KeyFrameIndex keyFrames, bool referenceFramesOnly)
    {
        var snapped = new int[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            var start = keyFrames.SeekFor([targets[i]], referenceFramesOnly)?.From[0] ?? 0;
            var earliest = targets[i] - FrameSelection.LatestStartFor(targets[i], referenceFramesOnly) + start;
            snapped[i] = i > 0 && earliest <= snapped[i - 1] ? targets[i] : Math.Min(earliest, targets[i]);
        }

        return snapped;
    }

    /// <summary>The smallest gap between consecutive targets; the frame count when there is only one.</summary>
    private static int MinimumSpacing(int[] targets, int frameCount) =>
        targets.Length < 2 ? frameCount : targets.Zip(targets.Skip(1), (a, b) => b - a).Min();
}
