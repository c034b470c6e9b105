namespace DeepScan.Detection.Video;

/// <summary>
/// A video's decoder reset points (H.264 IDR frames, HEVC IRAP frames) as frame indices, found without decoding by
/// <see cref="KeyFrameScanner"/>. Decoding that starts at one of them gives every later frame exactly as a decode from
/// the first frame does.
/// </summary>
/// <param name="Frames">Ascending frame indices; the first is 0 (the stream starts with one).</param>
/// <param name="OriginSeconds">The container timestamp of frame 0, in seconds.</param>
/// <param name="X264Build">The x264 build named by the stream's first frame, if any (<see cref="ChunkSeek.X264Build"/>).
/// </param>
public sealed record KeyFrameIndex(int[] Frames, double OriginSeconds, int? X264Build)
{
    /// <summary>Where each of <paramref name="targets"/> may start decoding; null when every one starts at frame 0.
    /// </summary>
    public ChunkSeek? SeekFor(int[] targets, bool referenceFramesOnly)
    {
        var from = targets.Select(t => LatestStart(t, referenceFramesOnly)).ToArray();
        return from.Any(f => f > 0) ? new ChunkSeek(from, OriginSeconds, X264Build) : null;
    }

    private int LatestStart(int target, bool referenceFramesOnly)
    {
        var limit = FrameSelection.LatestStartFor(target, referenceFramesOnly);
        var at = Array.BinarySearch(Frames, limit);
        var index = at >= 0 ? at : ~at - 1;
        return index >= 0 ? Frames[index] : 0;
    }
}
