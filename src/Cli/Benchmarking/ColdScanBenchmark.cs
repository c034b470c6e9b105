using System.Text.Json;
using DeepScan.Detection;

namespace DeepScan.Cli.Benchmarking;

/// <summary>
/// The core of <c>deepscan bench --cold</c>: runs <c>deepscan scan</c> as a fresh process
/// <see cref="BenchOptions.Runs"/> times, so that each run pays for runtime start-up, JIT compilation and model
/// loading as a user's first scan does, and times ffmpeg's own decode of the video right after each.
/// </summary>
/// <remarks>One unmeasured scan comes first, so that every measured one finds the program, the models and the video in
/// the page cache, as ffmpeg does. The scans use this build (<see cref="DeepScanExecutable.Current"/>).</remarks>
internal static class ColdScanBenchmark
{
    /// <param name="progress">Told about each step as it ends, for a person watching.</param>
    /// <exception cref="ColdScanFailedException">A scan process exited with an error; carries its exit code.
    /// </exception>
    public static async Task<ColdBenchReport> RunAsync(
        BenchOptions options, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Runs);
        var executable = DeepScanExecutable.Current();
        var arguments = executable.Arguments(ScanArguments(options)).ToArray();
        var first = await FirstScanAsync(executable, options, cancellationToken);
        progress?.Invoke($"page cache warmed by one unmeasured scan ({executable.Program})");

        var scans = new List<TimedRun>();
        var ffmpeg = new List<DecodeBaseline>();
        for (var i = 1; i <= options.Runs; i++)
        {
            var scan = await ScanAsync(executable, arguments, cancellationToken);
            var baseline = await FfmpegDecodeTimer.MeasureAsync(options.Video.FullName, cancellationToken);
            scans.Add(scan);
            ffmpeg.Add(baseline);
            progress?.Invoke($"run {i}/{options.Runs}: cold scan {scan.WallMs / 1000:0.00} s, "
                + $"ffmpeg decode-only {baseline.WallMs / 1000:0.00} s");
        }

        return new ColdBenchReport(options.Video.Name, executable, scans, ffmpeg, first.Device,
            options.Scan.Device, BenchReport.DescribeModels(first.Models.Select(m => (m.Name, m.Model))));
    }

    /// <summary>The unmeasured scan, with its verdict kept: it says why a video is refused (the process prints that
    /// with the verdict, not as an error line) and which device each model ran on.</summary>
    private static async Task<VerdictDocument> FirstScanAsync(
        DeepScanExecutable executable, BenchOptions options, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("deepscan-bench-");
        try
        {
            var json = Path.Combine(folder.FullName, "verdict.json");
            var arguments = executable.Arguments([.. ScanArguments(options), "--json", json]).ToArray();
            var run = await TimedProcess.RunAsync(executable.Program, arguments, cancellationToken);
            var verdict = File.Exists(json) ? ReadVerdict(json) : null;
            return run.ExitCode == ExitCodes.Verdict && verdict is not null
                ? verdict
                : throw new ColdScanFailedException(run, verdict?.Error);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static VerdictDocument? ReadVerdict(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, DetectionJsonContext.Default.VerdictDocument);
    }

    private static IEnumerable<string> ScanArguments(BenchOptions options) =>
        ["scan", options.Video.FullName, .. options.Scan.ToArguments(),
            .. options.SharedDecodePass ? Array.Empty<string>() : ["--per-chunk-decode"]];

    private static async Task<TimedRun> ScanAsync(
        DeepScanExecutable executable, string[] arguments, CancellationToken cancellationToken)
    {
        var run = await TimedProcess.RunAsync(executable.Program, arguments, cancellationToken);
        return run.ExitCode == ExitCodes.Verdict ? run : throw new ColdScanFailedException(run);
    }
}

/// <summary>A cold scan process did not end with a verdict; the message is its verdict's error (a video it refused),
/// else its last line on stderr.</summary>
internal sealed class ColdScanFailedException(TimedRun run, string? verdictError = null)
    : Exception(verdictError is { Length: > 0 } ? verdictError
        : run.LastError is { Length: > 0 } error ? error : $"deepscan scan exited with code {run.ExitCode}.")
{
    public int ExitCode { get; } = run.ExitCode;
}
