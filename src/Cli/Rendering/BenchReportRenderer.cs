using System.Globalization;
using DeepScan.Cli.Benchmarking;
using Spectre.Console;

namespace DeepScan.Cli.Rendering;

/// <summary>Prints a benchmark: a table of the warm runs and their medians, the yardsticks, then one line per target.</summary>
internal static class BenchReportRenderer
{
    public static void Render(IAnsiConsole console, BenchReport report)
    {
        var source = report.Source;
        console.MarkupLine(Markup.Escape(
            $"{source.Name}: {source.Width}x{source.Height}, {source.DurationSeconds:0.0} s, {source.FrameCount} frames; " +
            $"decoding: {report.FrameSource}"));
        console.MarkupLine(Markup.Escape(
            $"model load (cold) {Seconds(report.ModelLoadMs)} s, warm-up scan {Seconds(report.FirstScanMs)} s; " +
            $"each scan decodes {report.Runs[0].Frames} frames and classifies {report.Runs[0].Faces} faces"
            + (report.Models is { } models ? $" ({models})" : "")));

        var table = new Table().Border(TableBorder.Simple);
        string[] columns =
            ["run", "scan s", "cpu s", "of which ffmpeg", "ffmpeg s", "ratio", "dec/s", "det/s", "cls/s"];
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(column) { Alignment = column == "run" ? Justify.Left : Justify.Right });
        }

        var runs = report.Runs;
        for (var i = 0; i < runs.Count; i++)
        {
            var (run, ffmpeg) = (runs[i], report.Ffmpeg[i]);
            table.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture),
                Seconds(run.WallMs),
                Seconds(run.CpuMs),
                Seconds(run.ChildCpuMs),
                Seconds(ffmpeg.WallMs),
                Ratio(run.WallMs / ffmpeg.WallMs),
                Rate(run.FramesDecodedPerSecond),
                Rate(run.FramesDetectedPerSecond),
                Rate(run.FacesClassifiedPerSecond));
        }

        table.AddRow(
            "[bold]med.[/]",
            Seconds(report.MedianWallMs),
            Seconds(BenchReport.Median(runs.Select(r => r.CpuMs))),
            Seconds(BenchReport.Median(runs.Select(r => r.ChildCpuMs))),
            Seconds(report.MedianFfmpegWallMs),
            Ratio(report.RatioToFfmpeg),
            Rate(BenchReport.Median(runs.Select(r => r.FramesDecodedPerSecond))),
            Rate(BenchReport.Median(runs.Select(r => r.FramesDetectedPerSecond))),
            Rate(BenchReport.Median(runs.Select(r => r.FacesClassifiedPerSecond))));
        table.Caption(Markup.Escape(
            "cpu: this process and its ffmpeg/ffprobe children, of which the children's share next to it; " +
            "ffmpeg: `ffmpeg -i video -f null -` right after the scan, ratio = scan/ffmpeg. " +
            "dec/s, det/s, cls/s: frames decoded, frames through the detector and faces classified per second of that " +
            "stage's time summed over chunks (decode = waiting for frames)."));
        console.Write(table);

        console.MarkupLine(Markup.Escape(
            $"peak memory {Megabytes(report.PeakBytes)} MB = this process's peak working set " +
            $"{Megabytes(report.SelfPeakBytes)} MB (VmHWM) + child processes' {Megabytes(report.ChildPeakBytes)} MB " +
            "(VmHWM sampled from /proc every 20 ms)"));
        var allocated = BenchReport.Median(report.Runs.Select(r => (double)r.AllocatedBytes));
        var perFrame = BenchReport.Median(report.Runs.Select(r => r.AllocatedBytesPerFrame));
        console.MarkupLine(Markup.Escape(
            $"managed allocations per scan {Megabytes((long)allocated)} MB, " +
            $"{(perFrame / 1024).ToString("0", CultureInfo.InvariantCulture)} KB per decoded frame (medians)"));

        if (report.Gpu is { } gpu)
        {
            RenderGpu(console, gpu, report.Runs);
        }

        foreach (var target in report.Targets)
        {
            var verdict = target.Pass ? "[green]PASS[/]" : "[red]FAIL[/]";
            console.MarkupLine($"target {Markup.Escape(target.Name)}: {verdict} ({Markup.Escape(target.Measured)})");
        }
    }

    /// <summary>With <c>--device cuda</c>: how busy the GPU was (the driver's samples inside each scan) and the time
    /// of each stage that ran on it.</summary>
    private static void RenderGpu(IAnsiConsole console, GpuUse gpu, IReadOnlyList<BenchRun> runs)
    {
        static double Median(IEnumerable<double?> values) => BenchReport.Median(values.OfType<double>());
        if (gpu.Device is null)
        {
            console.MarkupLine(Markup.Escape(gpu.BusyTime));
        }
        else
        {
            var kernels = Median(runs.Select(r => r.Gpu?.KernelPercent));
            var decoder = Median(runs.Select(r => r.Gpu?.DecoderPercent));
            var samples = BenchReport.Median(runs.Select(r => (double)(r.Gpu?.KernelSamples ?? 0)));
            console.MarkupLine(Markup.Escape(
                $"GPU {gpu.Device}: kernels running {Percent(kernels)} of each scan's time, NVDEC decoding " +
                $"{Percent(decoder)} (medians over runs of the driver's utilization samples inside each scan, " +
                $"{samples:0} a scan; device-wide, so other processes on the GPU count too)"));
        }

        var stages = new List<string>();
        if (gpu.DetectorOnGpu)
        {
            stages.Add($"detect {Median(runs.Select(r => (double?)r.Stages.DetectMs)):0} ms");
        }

        if (gpu.MembersOnGpu)
        {
            stages.Add($"classify {Median(runs.Select(r => (double?)r.Stages.ClassifyMs)):0} ms");
        }

        console.MarkupLine(Markup.Escape(stages.Count > 0
            ? $"GPU time per stage a scan (medians; a run on the GPU returns when its kernels and copies are done, so " +
              $"its stage time is GPU time): {string.Join(", ", stages)}"
            : "no stage ran on the GPU: the detector and members fell back to the CPU (the reason is logged with -v)"));
        console.MarkupLine(Markup.Escape(gpu.DecodingOnGpu
            ? $"{gpu.Decoding}: dec/s above is its rate, NVDEC's share of the time above"
            : gpu.Decoding));
    }

    private static string Percent(double value) =>
        double.IsNaN(value) ? "– (no sample fell inside a scan)" : value.ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Seconds(double ms) => (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Rate(double perSecond) =>
        double.IsNaN(perSecond) ? "–" : perSecond.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture);
}
