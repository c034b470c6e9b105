namespace DeepScan.Detection.Video;

/// <summary>What the engine agrees to scan (configuration section <c>Detection:Limits</c>).</summary>
/// <remarks>Sampling keeps the work per video bounded, but seeking through hours of stream does not, and a
/// platform scanning uploads wants a clear refusal rather than a scan that ties up a GPU for an hour.</remarks>
public sealed class VideoLimits
{
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(1);

    public long MaxBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>The largest frame, in pixels (8K UHD); larger frames would need gigabytes per chunk.</summary>
    public long MaxPixels { get; set; } = 7680L * 4320;
}
