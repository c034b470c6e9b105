namespace DeepScan.Cli.Benchmarking;

/// <summary>ffmpeg's own decode-only time for a video (<c>ffmpeg -i video -f null -</c>): the yardstick for a scan.
/// </summary>
internal static class FfmpegDecodeTimer
{
    /// <summary>Wall and CPU time of one full decode.</summary>
    /// <exception cref="InvalidOperationException">ffmpeg is missing or cannot decode the video.</exception>
    public static async Task<DecodeBaseline> MeasureAsync(string video, CancellationToken cancellationToken)
    {
        var run = await TimedProcess.RunAsync(
            "ffmpeg", ["-nostdin", "-v", "error", "-i", Path.GetFullPath(video), "-f", "null", "-"], cancellationToken);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not decode {video}: {run.LastError}");
        }

        return new DecodeBaseline(run.WallMs, run.CpuMs);
    }
}
