namespace DeepScan.Detection.Video;

/// <summary>How many frames of a video to sample: a fixed count, or a rate per second of video with a cap.</summary>
/// <param name="Frames">Frames sampled evenly across the video when <paramref name="PerSecond"/> is 0 (32 by default).
/// </param>
/// <param name="PerSecond">Frames per second of video; 0 samples <paramref name="Frames"/> whatever the length.
/// Long uploads get coverage in proportion to their length.</param>
/// <param name="MaxFrames">The most frames a rate may sample (1024 by default: one ffmpeg selection).</param>
public sealed record FrameSampling(int Frames = 32, double PerSecond = 0, int MaxFrames = FrameSelection.MaxTargets)
{
    /// <summary>How many frames to sample from <paramref name="info"/>: at least one.</summary>
    public int CountFor(VideoInfo info) => PerSecond > 0
        ? (int)Math.Clamp(Math.Round(info.DurationSeconds * PerSecond), 1, Math.Max(1, MaxFrames))
        : Frames;
}
