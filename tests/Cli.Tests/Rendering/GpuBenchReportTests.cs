using DeepScan.Cli.Benchmarking;
using DeepScan.Cli.Rendering;
using DeepScan.Detection;
using Spectre.Console;

namespace DeepScan.Cli.Tests.Rendering;

/// <summary><c>bench --device cuda</c>'s GPU lines: the driver's busy samples inside each scan and the GPU stages' times.
/// </summary>
public sealed class GpuBenchReportTests
{
    [Fact]
    public void OnlySamplesStampedInsideTheScanCount()
    {
        GpuSample[] samples = [new(100, 90), new(101, 20), new(150, 40), new(200, 60), new(201, 99)];

        Assert.Equal((40.0, 3), GpuBusy.MeanWithin(samples, fromUs: 100, toUs: 200));
        Assert.Equal((null, 0), GpuBusy.MeanWithin(samples, fromUs: 300, toUs: 400));
    }

    [Fact]
    public void SampleTimesAreMicrosecondsSinceTheUnixEpoch() =>
        Assert.Equal(1_653_167_163_586_231UL,
            GpuBusy.EpochMicroseconds(DateTimeOffset.FromUnixTimeMilliseconds(1_653_167_163_586).AddTicks(2310)));

    [Fact]
    public void BusyShareAndStageTimesAreMediansOverRuns()
    {
        var report = Report(
            new GpuUse("NVIDIA H200", null, DetectorOnGpu: true, MembersOnGpu: true, DecodingOnGpu: true, null),
            Run(new GpuBusy(30, 4, 10, 4), detectMs: 20, classifyMs: 40),
            Run(new GpuBusy(50, 5, null, 0), detectMs: 30, classifyMs: 60),
            Run(new GpuBusy(40, 4, 14, 4), detectMs: 25, classifyMs: 50));

        var output = Render(report);

        Assert.Contains("GPU NVIDIA H200: kernels running 40% of each scan's time, NVDEC decoding 12%", output);
        Assert.Contains("4 a scan", output);
        Assert.Contains("detect 25 ms, classify 50 ms", output);
        Assert.Contains("decoding on the GPU (ffmpeg -hwaccel cuda)", output);
    }

    [Fact]
    public void WithoutTheDriverItSaysWhyAndWhatRanWhere()
    {
        var report = Report(
            new GpuUse(null, "libnvidia-ml.so.1 could not be loaded (no NVIDIA driver here)", DetectorOnGpu: false,
                MembersOnGpu: true, DecodingOnGpu: false, "Operation not permitted"),
            Run(null, detectMs: 20, classifyMs: 40));

        var output = Render(report);

        Assert.Contains("GPU busy time not measured: libnvidia-ml.so.1 could not be loaded", output);
        Assert.Contains("GPU time per stage", output);
        Assert.Contains("classify 40 ms", output);
        Assert.DoesNotContain("detect 20 ms", output);
        Assert.Contains("decoding on the CPU: ffmpeg could not open a CUDA device (Operation not permitted)", output);
    }

    [Fact]
    public void ACpuBenchHasNoGpuLines() =>
        Assert.DoesNotContain("GPU", Render(Report(null, Run(null, detectMs: 20, classifyMs: 40))));

    private static BenchRun Run(GpuBusy? gpu, double detectMs, double classifyMs) =>
        new(800, 1200, 300, 32, 25, new StageTimings(500, detectMs, classifyMs), 1 << 20, gpu);

    private static BenchReport Report(GpuUse? gpu, params BenchRun[] runs) =>
        new(new SourceInfo("clip.mp4", null, null, 10, 30, 1920, 1080, 300, 0), "shared pass", 500, 900, runs,
            runs.Select(_ => new DecodeBaseline(700, 1000)).ToArray(), 300L << 20, 50L << 20, gpu);

    private static string Render(BenchReport report)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 1000; // one line per message, so a phrase is never split by wrapping
        BenchReportRenderer.Render(console, report);
        return output.ToString();
    }
}
