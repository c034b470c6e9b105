using DeepScan.Detection;

namespace DeepScan.Cli.Benchmarking;

/// <summary>One warm scan of the benchmark: its wall and CPU time and what each stage got through.</summary>
/// <param name="CpuMs">CPU time of this process and its ffmpeg children during the scan.</param>
/// <param name="ChildCpuMs">The part of <paramref name="CpuMs"/> spent in child processes (ffprobe, ffmpeg).</param>
/// <param name="Frames">Frames decoded, which are also the frames the detector saw.</param>
/// <param name="Faces">Faces classified by every ensemble member.</param>
/// <param name="Stages">Per-stage time summed over the chunks; chunks overlap, so the sum can exceed the wall time.</param>
/// <param name="AllocatedBytes">Managed memory allocated by every thread during the scan.</param>
/// <param name="Gpu">How busy the GPU was during the scan (<c>--device cuda</c> with the NVIDIA driver), else null.
/// </param>
internal sealed record BenchRun(
    double WallMs,
    double CpuMs,
    double ChildCpuMs,
    int Frames,
    int Faces,
    StageTimings Stages,
    long AllocatedBytes,
    GpuBusy? Gpu = null)
{
    /// <summary>Managed bytes allocated per decoded frame: what pooling keeps low.</summary>
    public double AllocatedBytesPerFrame => Frames > 0 ? (double)AllocatedBytes / Frames : double.NaN;

    public double FramesDecodedPerSecond => PerSecond(Frames, Stages.DecodeMs);

    public double FramesDetectedPerSecond => PerSecond(Frames, Stages.DetectMs);

    public double FacesClassifiedPerSecond => PerSecond(Faces, Stages.ClassifyMs);

    private static double PerSecond(int count, double ms) => ms > 0 ? count / (ms / 1000) : double.NaN;
}

/// <summary>One run of <c>ffmpeg -i video -f null -</c>.</summary>
internal sealed record DecodeBaseline(double WallMs, double CpuMs);

/// <summary>What <c>bench --device cuda</c> got: where the models and the decoding ran, and which GPU's busy time
/// the runs report.</summary>
/// <param name="Device">The GPU's name; null when its busy time could not be read (<paramref name="WhyNotMeasured"/>).
/// </param>
/// <param name="DetectorOnGpu">The face detector runs on the GPU; false when it fell back to the CPU.</param>
/// <param name="MembersOnGpu">The ensemble members run on the GPU; false when they fell back to the CPU.</param>
/// <param name="DecodingOnGpu">ffmpeg decodes with <c>-hwaccel cuda</c>; false with the reason in
/// <paramref name="WhyDecodingOnCpu"/>.</param>
internal sealed record GpuUse(
    string? Device,
    string? WhyNotMeasured,
    bool DetectorOnGpu,
    bool MembersOnGpu,
    bool DecodingOnGpu,
    string? WhyDecodingOnCpu)
{
    /// <summary>Where ffmpeg decodes, said plainly (and why not on the GPU).</summary>
    public string Decoding => DecodingOnGpu
        ? "decoding on the GPU (ffmpeg -hwaccel cuda)"
        : $"decoding on the CPU: ffmpeg could not open a CUDA device ({WhyDecodingOnCpu})";

    /// <summary>Whether the GPU's busy time is read, said plainly (and why not).</summary>
    public string BusyTime => Device is not null
        ? $"busy time read from the driver for {Device}"
        : $"GPU busy time not measured: {WhyNotMeasured}";
}

/// <summary>A benchmark target from the issue and whether the measurement meets it.</summary>
internal sealed record BenchTarget(string Name, bool Pass, string Measured);

/// <summary>Everything <c>deepscan bench</c> measured on one video.</summary>
/// <param name="Ffmpeg">One ffmpeg decode-only run per scan in <paramref name="Runs"/>, made right after it.</param>
/// <param name="ModelLoadMs">Loading ONNX Runtime and every model, cold.</param>
/// <param name="FirstScanMs">The warm-up scan, which pays for JIT compilation; not among <paramref name="Runs"/>.</param>
/// <param name="SelfPeakBytes">This process's peak working set (VmHWM) over the whole benchmark.</param>
/// <param name="ChildPeakBytes">The most memory the scans' child processes held at once, sampled from /proc
/// (<see cref="ChildMemorySampler"/>).</param>
/// <param name="Gpu">With <c>--device cuda</c>, what ran on the GPU and whose busy time was read; else null.</param>
internal sealed record BenchReport(
    SourceInfo Source,
    string FrameSource,
    double ModelLoadMs,
    double FirstScanMs,
    IReadOnlyList<BenchRun> Runs,
    IReadOnlyList<DecodeBaseline> Ffmpeg,
    long SelfPeakBytes,
    long ChildPeakBytes,
    GpuUse? Gpu = null,
    string? Models = null)
{
    public const double WallTargetMs = 3000, RatioTarget = 1.5;
    public const long MemoryTargetBytes = 600L * 1024 * 1024;

    /// <summary>"member file, member file": which model file each member ran (a member with an int8 copy runs it on
    /// the CPU); null when no member says.</summary>
    public static string? DescribeModels(IEnumerable<(string Name, string? Model)> members)
    {
        var known = members.Where(m => m.Model is not null).Select(m => $"{m.Name} {m.Model}").ToList();
        return known.Count > 0 ? string.Join(", ", known) : null;
    }

    public double MedianWallMs => Median(Runs.Select(r => r.WallMs));

    public double MedianFfmpegWallMs => Median(Ffmpeg.Select(f => f.WallMs));

    /// <summary>The median, over runs, of a scan's wall time over that of the ffmpeg run made right after it.</summary>
    public double RatioToFfmpeg => Median(Runs.Zip(Ffmpeg, (run, ffmpeg) => run.WallMs / ffmpeg.WallMs));

    /// <summary>Peak memory: this process's peak plus its children's.</summary>
    public long PeakBytes => SelfPeakBytes + ChildPeakBytes;

    public IReadOnlyList<BenchTarget> Targets =>
    [
        new("<3 s wall", MedianWallMs < WallTargetMs, $"{MedianWallMs / 1000:0.00} s"),
        new("<=1.5x ffmpeg decode", RatioToFfmpeg <= RatioTarget, $"{RatioToFfmpeg:0.000}"),
        new("<600 MB", PeakBytes < MemoryTargetBytes, $"{PeakBytes / 1048576.0:0} MB"),
    ];

    /// <summary>The middle value, or the mean of the two middle values; NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
