namespace DeepScan.Detection.Video;

/// <summary>Chooses which frames of a video to look at.</summary>
public static class FrameSampler
{
    /// <summary>
    /// Up to <paramref name="count"/> distinct frame indices spread evenly from the first to the last frame, as the
    /// DFDC winner's <c>np.linspace(0, frame_count - 1, n, dtype=int)</c>; all frames when the video is shorter.
    /// </summary>
    public static int[] EvenlySpaced(int frameCount, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (frameCount <= count)
        {
            return Enumerable.Range(0, frameCount).ToArray();
        }

        if (count == 1)
        {
            return [0];
        }

        var step = (frameCount - 1) / (double)(count - 1);
        return Enumerable.Range(0, count).Select(i => (int)(i * step)).Distinct().ToArray();
    }
}
