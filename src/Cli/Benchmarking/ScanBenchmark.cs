using System.Collections.Concurrent;
using System.Diagnostics;
using DeepScan.Cli.Scanning;
using DeepScan.Detection;
using Microsoft.Extensions.Logging;

namespace DeepScan.Cli.Benchmarking;

/// <summary>
/// The core of <c>deepscan bench</c>: loads the engine cold, scans the video once to warm up, then
/// <see cref="BenchOptions.Runs"/> times scans it and right after times ffmpeg's own decode of it.
/// </summary>
/// <remarks>
/// Each scan is paired with an ffmpeg run made just after it, so that on a machine shared with other work both see
/// the same load. Child memory is sampled only while scanning: the child peak is the scans' ffmpeg and ffprobe.
/// </remarks>
internal static class ScanBenchmark
{
    /// <param name="progress">Told about each step as it ends, for a person watching.</param>
    /// <exception cref="BenchScanFailedException">A scan ended with an error verdict.</exception>
    /// <exception cref="Detection.Models.ModelSetupException">A model is missing or invalid.</exception>
    public static async Task<BenchReport> RunAsync(
        BenchOptions options, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Runs);
        await using var children = new ChildMemorySampler(TimeSpan.FromMilliseconds(20));
        var clock = Stopwatch.StartNew();
        using var scanner = new LocalScanner(
            options.Scan, options.Verbose ? LogLevel.Information : LogLevel.Warning, options.SharedDecodePass);
        _ = scanner.Engine;
        var modelLoadMs = clock.Elapsed.TotalMilliseconds;
        progress?.Invoke($"models loaded in {modelLoadMs / 1000:0.00} s");
        GpuUse? gpuUse = null;
        using var gpu = string.Equals(options.Scan.Device, "cuda", StringComparison.OrdinalIgnoreCase)
            ? OpenGpu(scanner.Engine, out gpuUse)
            : null;
        if (gpuUse is not null)
        {
            progress?.Invoke(Describe(gpuUse));
        }

        var chunks = new ConcurrentQueue<ChunkScores>();
        scanner.ChunkScored += chunks.Enqueue;
        var (source, warmUp) = await ScanOnceAsync(scanner, options.Video, chunks, gpu, cancellationToken);
        progress?.Invoke($"warm-up scan {warmUp.WallMs / 1000:0.00} s");

        var runs = new List<BenchRun>();
        var ffmpeg = new List<DecodeBaseline>();
        for (var i = 1; i <= options.Runs; i++)
        {
            var (_, run) = await ScanOnceAsync(scanner, options.Video, chunks, gpu, cancellationToken);
            children.Enabled = false;
            var baseline = await FfmpegDecodeTimer.MeasureAsync(options.Video.FullName, cancellationToken);
            children.Enabled = true;
            runs.Add(run);
            ffmpeg.Add(baseline);
            progress?.Invoke(
                $"run {i}/{options.Runs}: scan {run.WallMs / 1000:0.00} s, ffmpeg decode-only {baseline.WallMs / 1000:0.00} s");
        }

        return new BenchReport(
            source,
            options.SharedDecodePass ? "shared pass" : "one ffmpeg per chunk",
            modelLoadMs,
            warmUp.WallMs,
            runs,
            ffmpeg,
            ResourceUsage.Now().SelfPeakBytes,
            children.PeakBytes,
            gpuUse,
            BenchReport.DescribeModels(
                scanner.Engine.MemberNames.Zip(scanner.Engine.MemberModels, (name, model) => (name, (string?)model))));
    }

    /// <summary>Where <c>--device cuda</c> put the work, and the driver's counters for the GPU where they can be read.
    /// </summary>
    private static NvidiaGpu? OpenGpu(Detection.Engine.DetectionEngine engine, out GpuUse use)
    {
        var whyDecodingOnCpu = Detection.Video.HardwareDecoding.WhyUnavailable;
        var gpu = NvidiaGpu.TryOpen(out var whyNotMeasured);
        use = new GpuUse(gpu?.Name, gpu is null ? whyNotMeasured : null, engine.Detector.Device == "cuda",
            engine.MemberDevices.Contains("cuda"), whyDecodingOnCpu is null, whyDecodingOnCpu);
        return gpu;
    }

    /// <summary>What <c>--device cuda</c> got, said plainly.</summary>
    private static string Describe(GpuUse use) => use.MembersOnGpu
        ? $"--device cuda: models on the GPU, each chunk's faces in one batched run per member; {use.Decoding}; {use.BusyTime}."
        : "--device cuda: no GPU was used: the models fell back to the CPU (the reason is logged with -v); "
            + $"{use.Decoding}; {use.BusyTime}.";

    private static async Task<(SourceInfo Source, BenchRun Run)> ScanOnceAsync(
        LocalScanner scanner,
        FileInfo video,
        ConcurrentQueue<ChunkScores> chunks,
        NvidiaGpu? gpu,
        CancellationToken cancellationToken)
    {
        chunks.Clear();
        var before = ResourceUsage.Now();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var scan = await scanner.ScanAsync(video.FullName, cancellationToken);
        var wallMs = clock.Elapsed.TotalMilliseconds;
        var ended = DateTimeOffset.UtcNow;
        var after = ResourceUsage.Now();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        // Read after the scan's CPU and allocations, so the reading does not count as the scan's.
        var busy = gpu?.Busy(started, ended);
        var cpuMs = (after.TotalCpu - before.TotalCpu).TotalMilliseconds;
        var childCpuMs = (after.ChildrenCpu - before.ChildrenCpu).TotalMilliseconds;
        if (scan.Verdict.Verdict == VerdictState.Error)
        {
            throw new BenchScanFailedException(scan.Verdict);
        }

        var scored = chunks.ToArray();
        return (scan.Verdict.Source, new BenchRun(
            wallMs,
            cpuMs,
            childCpuMs,
            scored.Sum(c => c.Frames.Length),
            scored.Sum(c => c.Frames.Sum(f => f.Faces.Length)),
            scored.Aggregate(StageTimings.Zero, (sum, c) => sum.Add(c.Timings)),
            allocated,
            busy));
    }
}

/// <summary>A benchmark scan ended with an error verdict; the message is the verdict's error.</summary>
internal sealed class BenchScanFailedException(VerdictDocument verdict)
    : Exception(verdict.Error ?? "The scan failed.")
{
    public VerdictDocument Verdict { get; } = verdict;
}
