using Microsoft.Extensions.Logging;

namespace DeepScan.Detection.Video;

/// <summary>
/// Whether ffmpeg can decode on an NVIDIA GPU here (<c>-hwaccel cuda</c>, NVDEC through the driver's libnvcuvid),
/// found once per process by opening a CUDA device. It pays on long videos and small hosts, not on short clips, where
/// the device's start-up dominates; <c>--device cuda</c> asks for it.
/// </summary>
public static class HardwareDecoding
{
    private static readonly Lazy<string?> Unavailable = new(Check);

    /// <summary>Why hardware decoding cannot be used here; null when it can.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>True when <paramref name="wanted"/> and this machine can decode on the GPU; otherwise logs why CPU
    /// decoding is used instead.</summary>
    public static bool Use(bool wanted, ILogger logger)
    {
        if (!wanted)
        {
            return false;
        }

        if (WhyUnavailable is { } reason)
        {
            logger.LogWarning("Decoding on the CPU: CUDA hardware decoding is not available ({Reason})", reason);
            return false;
        }

        logger.LogInformation("Decoding with CUDA hardware decoding (ffmpeg -hwaccel cuda)");
        return true;
    }

    private static string? Check()
    {
        try
        {
            var (exitCode, stderr) = ExternalProcess.RunAsync(
                "ffmpeg",
                ["-nostdin", "-hide_banner", "-loglevel", "error", "-init_hw_device", "cuda=gpu", "-f", "lavfi", "-i",
                    "nullsrc=s=64x64:d=0.04", "-frames:v", "1", "-f", "null", "-"],
                (stdout, ct) => stdout.CopyToAsync(Stream.Null, ct),
                CancellationToken.None).GetAwaiter().GetResult();
            return exitCode == 0 ? null : ExternalProcess.LastLine(stderr);
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }
}
