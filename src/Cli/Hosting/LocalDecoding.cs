using DeepScan.Detection.Engine;
using DeepScan.Detection.Onnx;
using DeepScan.Detection.Video;
using DeepScan.Workflow.Scans;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DeepScan.Cli.Hosting;

/// <summary>
/// How the in-process host decodes: it scores every chunk of a video itself, so one ffmpeg pass per video feeds them
/// all (<see cref="SharedPassFrameSource"/>), instead of one pass per chunk as the Functions host must.
/// </summary>
internal static class LocalDecoding
{
    /// <summary>A shared pass planned as the host's <c>Scan</c> settings plan; null (one ffmpeg per chunk) when those
    /// settings are invalid, which the scan itself then reports.</summary>
    /// <param name="keyFrames">The scanner the host plans with: the pass seeks where the plan does.</param>
    public static SharedPassFrameSource? SharedPass(
        IConfiguration configuration, ILoggerFactory loggers, KeyFrameScanner keyFrames)
    {
        var scan = ValidScanOptions(configuration);
        return scan is null
            ? null
            : new SharedPassFrameSource(
                scan.Sampling,
                scan.FramesPerChunk,
                // Half the cores decode and the models get the rest: on two cores, 10-15% less CPU per scan than
                // ffmpeg's own thread count, and the scan's wall time follows its CPU.
                new FrameDecoder(
                    loggers.CreateLogger<FrameDecoder>(),
                    Math.Max(1, Environment.ProcessorCount / 2),
                    HardwareDecoding.Use(
                        configuration.GetSection(DetectionOptions.SectionName).Get<DetectionOptions>()?.Device
                            == ExecutionDevice.Cuda,
                        loggers.CreateLogger(typeof(HardwareDecoding)))),
                loggers.CreateLogger<SharedPassFrameSource>(),
                keyFrames: keyFrames);
    }

    /// <summary>The plan's reset-frame scan, skipped for videos the shared pass would not seek in.</summary>
    public static SharedPassKeyFrames KeyFrames(IConfiguration configuration, KeyFrameScanner keyFrames) =>
        new(keyFrames, ValidScanOptions(configuration)?.Sampling);

    private static ScanOptions? ValidScanOptions(IConfiguration configuration)
    {
        var scan = new ScanOptions();
        configuration.GetSection(ScanOptions.SectionName).Bind(scan);
        return scan.Problems().Count > 0 ? null : scan;
    }
}
