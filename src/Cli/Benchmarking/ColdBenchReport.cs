namespace DeepScan.Cli.Benchmarking;

/// <summary>What <c>deepscan bench --cold</c> measured: whole <c>deepscan scan</c> processes, each paired with an
/// ffmpeg decode-only run made right after it.</summary>
/// <param name="Executable">The build that was run, and whether it is a native executable.</param>
/// <param name="Scans">One fresh scan process per run: wall time, and CPU time of it and its ffmpeg children.</param>
/// <param name="Device">The devices the scans' models ran on, from the unmeasured scan's verdict (<c>cpu</c>,
/// <c>cuda</c>, <c>cpu,cuda</c>).</param>
/// <param name="DeviceAsked">The <c>--device</c> given, if any.</param>
/// <param name="Models">Each member and the model file it ran, from the same verdict (<c>resnet18-sbi
/// resnet18_sbi.int8.onnx</c>); null when the verdict does not say.</param>
internal sealed record ColdBenchReport(
    string Video,
    DeepScanExecutable Executable,
    IReadOnlyList<TimedRun> Scans,
    IReadOnlyList<DecodeBaseline> Ffmpeg,
    string Device = "cpu",
    string? DeviceAsked = null,
    string? Models = null)
{
    /// <summary>A GPU was asked for and no model ran on one: the scans measured the CPU.</summary>
    public bool FellBackToCpu =>
        DeviceAsked is { } asked && !asked.Equals("cpu", StringComparison.OrdinalIgnoreCase)
        && !Device.Split(',').Contains("cuda");

    public double MedianWallMs => BenchReport.Median(Scans.Select(s => s.WallMs));

    public double MedianCpuMs => BenchReport.Median(Scans.Select(s => s.CpuMs));

    public double MedianFfmpegWallMs => BenchReport.Median(Ffmpeg.Select(f => f.WallMs));

    public double MedianFfmpegCpuMs => BenchReport.Median(Ffmpeg.Select(f => f.CpuMs));

    /// <summary>The median, over runs, of a cold scan's wall time over that of the ffmpeg run made right after it.
    /// </summary>
    public double RatioToFfmpeg => BenchReport.Median(Scans.Zip(Ffmpeg, (scan, ffmpeg) => scan.WallMs / ffmpeg.WallMs));

    public BenchTarget Target =>
        new("cold scan <=1.5x ffmpeg decode", RatioToFfmpeg <= BenchReport.RatioTarget, $"{RatioToFfmpeg:0.000}");
}
