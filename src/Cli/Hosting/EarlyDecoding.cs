using DeepScan.Detection;
using DeepScan.Detection.Video;
using DeepScan.Workflow.Activities;
using Microsoft.Extensions.Logging;

namespace DeepScan.Cli.Hosting;

/// <summary>
/// Starts decoding a file as soon as <c>deepscan scan</c> is given it, before its workflow plans it: probes it at once
/// and begins the shared pass over the frames that plan will hold (<see cref="SharedPassFrameSource.BeginAsync"/>),
/// so ffmpeg decodes while the file is hashed, the scan recorded and the models loaded. ffmpeg itself starts beside
/// ffprobe (<see cref="SharedPassFrameSource.Prestart"/>) and gets the frames to select once they are planned. As the
/// workflow's probe seam, it hands PlanScan that same probe.
/// </summary>
internal sealed class EarlyDecoding(IVideoProber prober, SharedPassFrameSource pass, ILogger<EarlyDecoding> logger)
    : IVideoProber
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<VideoInfo>> _probes = [];

    /// <summary>Probes the video and starts its pass in the background, once until <see cref="End"/>; what goes wrong
    /// is the workflow's to report, when its PlanScan awaits the same probe or its chunks decode on their own.</summary>
    public void Begin(VideoRef video, CancellationToken cancellationToken)
    {
        Task<VideoInfo> probe;
        lock (_gate)
        {
            if (_probes.ContainsKey(video.Location))
            {
                return;
            }

            probe = _probes[video.Location] = prober.ProbeAsync(video, cancellationToken);
        }

        // ffmpeg loads and opens the file while ffprobe reads it: the pass takes it once planned.
        if (!probe.IsFaulted)
        {
            pass.Prestart(video);
        }

        _ = StartPassAsync(video, probe, cancellationToken);
    }

    /// <summary>Forgets the video's probe, once its scan is over: the next scan of the file probes it again.</summary>
    public void End(VideoRef video)
    {
        lock (_gate)
        {
            _probes.Remove(video.Location);
        }
    }

    public Task<VideoInfo> ProbeAsync(VideoRef video, CancellationToken cancellationToken)
    {
        Task<VideoInfo>? begun;
        lock (_gate)
        {
            _probes.TryGetValue(video.Location, out begun);
        }

        return begun ?? prober.ProbeAsync(video, cancellationToken);
    }

    private async Task StartPassAsync(VideoRef video, Task<VideoInfo> probe, CancellationToken cancellationToken)
    {
        try
        {
            await pass.BeginAsync(video, await probe, cancellationToken);
        }
        catch (Exception ex)
        {
            pass.Discard(video);
            logger.LogDebug(
                "{Video}: decoding did not start early ({Reason}); it starts when the workflow asks",
                video.DisplayName, ex.Message);
        }
    }
}
