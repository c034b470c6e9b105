using System.Diagnostics;

namespace DeepScan.Cli.Benchmarking;

/// <summary>ffmpeg's own decode-only time for a video (<c>ffmpeg -i video -f null -</c>): the yardstick for a scan.</summary>
internal static class FfmpegDecodeTimer
{
    /// <summary>Wall and CPU time of one full decode.</summary>
    /// <exception cref="InvalidOperationException">ffmpeg is missing or cannot decode the video.</exception>
    public static async Task<DecodeBaseline> MeasureAsync(string video, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-nostdin", "-v", "error", "-i", Path.GetFullPath(video), "-f", "null", "-" })
        {
            start.ArgumentList.Add(argument);
        }

        var before = ResourceUsage.Now();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"ffmpeg could not be started ({ex.Message}). Install it: run ./setup.sh.", ex);
        }

        using var kill = cancellationToken.Register(() => process.Kill(entireProcessTree: true));
        var stderr = await process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        var wall = clock.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"ffmpeg could not decode {video}: {stderr.Trim().Split('\n').LastOrDefault()}");
        }

        return new DecodeBaseline(wall.TotalMilliseconds, (ResourceUsage.Now().ChildrenCpu - before.ChildrenCpu).TotalMilliseconds);
    }
}
