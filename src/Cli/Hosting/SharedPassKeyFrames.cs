using DeepScan.Detection;
using DeepScan.Detection.Video;
using DeepScan.Workflow.Activities;

namespace DeepScan.Cli.Hosting;

/// <summary>
/// The reset-frame seam of a host that decodes each video in one shared pass: a video is scanned for reset frames
/// only where that pass could seek (<see cref="SharedPassFrameSource.MaySeek"/>). A short video's plan goes without
/// them, and its decoding starts a keyframe scan (two ffmpeg runs) sooner, with the same frames.
/// </summary>
/// <param name="sampling">The host's sampling, as the workflow plans with; null scans every video.</param>
internal sealed class SharedPassKeyFrames(KeyFrameScanner scanner, FrameSampling? sampling) : IKeyFrameScanner
{
    public Task<KeyFrameIndex?> ScanAsync(VideoRef video, VideoInfo info, CancellationToken cancellationToken) =>
        sampling is null || SharedPassFrameSource.MaySeek(sampling, info)
            ? scanner.ScanAsync(video, info, cancellationToken)
            : Task.FromResult<KeyFrameIndex?>(null);
}
