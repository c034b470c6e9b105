using DeepScan.Cli.Benchmarking;
using DeepScan.Cli.Commands;
using DeepScan.Cli.Tests.Commands;
using DeepScan.Cli.Rendering;
using DeepScan.Cli.Scanning;
using DeepScan.Detection.Tests;
using DeepScan.Detection.Tests.Video;
using Spectre.Console;

namespace DeepScan.Cli.Tests;

/// <summary>The bench command's report on a short real clip, and its exit codes on bad input.</summary>
[Collection(LiveConsoleCollection.Name)]
public sealed class BenchCommandTests(GeneratedVideos media) : IClassFixture<GeneratedVideos>
{
    private static readonly ScanCliOptions Quick = new(Frames: 8, ChunkSize: 4);

    [Fact]
    public async Task ReportHasEveryMeasurementAndATargetLineEach()
    {
        var clip = new FileInfo(TestPaths.Video("real/celebdf-id6_0005.mp4"));

        var report = await ScanBenchmark.RunAsync(new BenchOptions(clip, Runs: 1, Quick), null, CancellationToken.None);

        Assert.Equal((298, 298), (report.Source.Width, report.Source.Height));
        Assert.True(report.ModelLoadMs > 0);
        Assert.True(report.FirstScanMs > 0);
        var run = Assert.Single(report.Runs);
        Assert.True(run.WallMs > 0);
        Assert.True(run.CpuMs > 0);
        Assert.Equal(8, run.Frames);
        Assert.True(run.Faces > 0);
        Assert.False(double.IsNaN(run.FramesDecodedPerSecond));
        Assert.False(double.IsNaN(run.FramesDetectedPerSecond));
        Assert.False(double.IsNaN(run.FacesClassifiedPerSecond));
        Assert.True(Assert.Single(report.Ffmpeg).WallMs > 0);
        Assert.True(report.SelfPeakBytes > 0);
        Assert.True(report.ChildPeakBytes > 0);
        Assert.False(double.IsNaN(report.RatioToFfmpeg));
        Assert.Equal("resnet18-sbi resnet18_sbi.int8.onnx", report.Models);

        var output = new StringWriter();
        BenchReportRenderer.Render(
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), ColorSystem = ColorSystemSupport.NoColors }),
            report);
        foreach (var target in new[] { "<3 s wall", "<=1.5x ffmpeg decode", "<600 MB" })
        {
            Assert.Matches($@"target {System.Text.RegularExpressions.Regex.Escape(target)}: (PASS|FAIL) \(", output.ToString());
        }
    }

    [Fact]
    public async Task CudaBenchSaysWhatRanOnTheGpuAndReadsItsBusyTimeWhereTheDriverIs()
    {
        var clip = new FileInfo(TestPaths.Video("real/celebdf-id6_0005.mp4"));

        var report = await ScanBenchmark.RunAsync(
            new BenchOptions(clip, Runs: 1, Quick with { Device = "cuda" }), null, CancellationToken.None);

        var gpu = Assert.IsType<GpuUse>(report.Gpu);
        var run = Assert.Single(report.Runs);
        var output = new StringWriter();
        var console = AnsiConsole.Create(
            new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 1000; // one line per message, so a phrase is never split by wrapping
        BenchReportRenderer.Render(console, report);
        if (gpu.Device is null)
        {
            // No NVIDIA driver (CI, this project's build machines): the reason, and nothing invented.
            Assert.Contains("libnvidia-ml.so.1", gpu.WhyNotMeasured);
            Assert.Null(run.Gpu);
            Assert.Contains($"GPU busy time not measured: {gpu.WhyNotMeasured}", output.ToString());
        }
        else
        {
            Assert.NotNull(run.Gpu);
            Assert.Contains($"GPU {gpu.Device}: kernels running", output.ToString());
        }

        Assert.Contains(gpu.MembersOnGpu ? "GPU time per stage" : "no stage ran on the GPU", output.ToString());
    }

    [Fact]
    public async Task ColdReportTimesFreshScanProcessesAgainstFfmpeg()
    {
        var clip = new FileInfo(TestPaths.Video("real/celebdf-id6_0005.mp4"));

        var report = await ColdScanBenchmark.RunAsync(
            new BenchOptions(clip, Runs: 1, Quick, Cold: true), null, CancellationToken.None);

        var scan = Assert.Single(report.Scans);
        Assert.True(scan.WallMs > 0);
        Assert.True(scan.CpuMs > 0); // the scan process and its ffmpeg children
        Assert.True(Assert.Single(report.Ffmpeg).WallMs > 0);
        Assert.False(double.IsNaN(report.RatioToFfmpeg));
        var output = new StringWriter();
        ColdBenchReportRenderer.Render(
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), ColorSystem = ColorSystemSupport.NoColors }),
            report);
        Assert.Matches(@"target cold scan <=1\.5x ffmpeg decode: (PASS|FAIL) \(", output.ToString());
        Assert.Equal("cpu", report.Device); // from the unmeasured scan's verdict
        Assert.Contains("models ran on: cpu (resnet18-sbi resnet18_sbi.int8.onnx)", output.ToString());
    }

    [Theory]
    [InlineData("cuda", "cpu", true)]
    [InlineData("cuda", "cpu,cuda", false)]
    [InlineData("cpu", "cpu", false)]
    [InlineData(null, "cpu", false)]
    public void ColdReportSaysWhenTheGpuAskedForWasNotUsed(string? asked, string ran, bool fellBack)
    {
        var report = new ColdBenchReport(
            "v.mp4", DeepScanExecutable.Current(), [new TimedRun(2000, 3000, 0, "")], [new DecodeBaseline(1000, 1500)],
            ran, asked);
        var output = new StringWriter();

        ColdBenchReportRenderer.Render(
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), ColorSystem = ColorSystemSupport.NoColors }),
            report);

        Assert.Equal(fellBack, report.FellBackToCpu);
        Assert.Equal(fellBack, output.ToString().Contains("--device cuda: no GPU was used"));
    }

    [Fact]
    public async Task ColdScanOfNotAVideoExitsWithTheScansBadInputCodeAndItsReason()
    {
        var notes = media.Write("cold-notes.mp4", "not a video"u8.ToArray());

        Assert.Equal(ExitCodes.BadInput, await BenchCommand.RunAsync(
            new BenchOptions(new FileInfo(notes), 1, Quick, Cold: true), CancellationToken.None));
        var error = await Assert.ThrowsAsync<ColdScanFailedException>(() => ColdScanBenchmark.RunAsync(
            new BenchOptions(new FileInfo(notes), 1, Quick, Cold: true), null, CancellationToken.None));
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("not a video ffmpeg can read", error.Message);
    }

    [Fact]
    public async Task MissingVideoExitsWithTheBadInputCode() =>
        Assert.Equal(ExitCodes.BadInput, await BenchCommand.RunAsync(
            new BenchOptions(new FileInfo(Path.Combine(media.Folder, "absent.mp4")), 1, Quick), CancellationToken.None));

    [Fact]
    public async Task NotAVideoExitsWithTheBadInputCode()
    {
        var notes = media.Write("bench-notes.mp4", "not a video"u8.ToArray());

        Assert.Equal(ExitCodes.BadInput, await BenchCommand.RunAsync(
            new BenchOptions(new FileInfo(notes), 1, Quick), CancellationToken.None));
    }

    [Theory]
    [InlineData(new double[] { 3 }, 3)]
    [InlineData(new double[] { 5, 1, 3 }, 3)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]
    public void MedianIsTheMiddleValue(double[] values, double median) =>
        Assert.Equal(median, BenchReport.Median(values));
}
