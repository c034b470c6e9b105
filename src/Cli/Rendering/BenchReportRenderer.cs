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
            $"model load (cold) {Seconds(report.ModelLoadMs)} s, warm-up scan {Seconds(report.FirstScanMs)} s"));

        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "run", "wall s", "cpu s", "frames", "faces", "decoded/s", "detected/s", "classified/s" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column == "run" ? Justify.Left : Justify.Right });
        }

        for (var i = 0; i < report.Runs.Count; i++)
        {
            var run = report.Runs[i];
            table.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture),
                Seconds(run.WallMs),
                Seconds(run.CpuMs),
                run.Frames.ToString(CultureInfo.InvariantCulture),
                run.Faces.ToString(CultureInfo.InvariantCulture),
                Rate(run.FramesDecodedPerSecond),
                Rate(run.FramesDetectedPerSecond),
                Rate(run.FacesClassifiedPerSecond));
        }

        var runs = report.Runs;
        table.AddRow(
            "[bold]median[/]",
            Seconds(report.MedianWallMs),
            Seconds(BenchReport.Median(runs.Select(r => r.CpuMs))),
            "",
            "",
            Rate(BenchReport.Median(runs.Select(r => r.FramesDecodedPerSecond))),
            Rate(BenchReport.Median(runs.Select(r => r.FramesDetectedPerSecond))),
            Rate(BenchReport.Median(runs.Select(r => r.FacesClassifiedPerSecond))));
        table.Caption(Markup.Escape(
            "per-stage rates are per second of that stage's time summed over chunks (decode = waiting for ffmpeg)"));
        console.Write(table);

        console.MarkupLine(Markup.Escape(
            $"ffmpeg decode-only (median of {report.Ffmpeg.Count}): {Seconds(report.MedianFfmpegWallMs)} s wall, " +
            $"{Seconds(BenchReport.Median(report.Ffmpeg.Select(f => f.CpuMs)))} s cpu; " +
            $"scan/ffmpeg {report.RatioToFfmpeg:0.00}"));
        console.MarkupLine(Markup.Escape(
            $"peak memory {Megabytes(report.PeakBytes)} MB = this process's peak working set " +
            $"{Megabytes(report.SelfPeakBytes)} MB (VmHWM) + child processes' {Megabytes(report.ChildPeakBytes)} MB " +
            "(VmHWM sampled from /proc every 20 ms)"));

        foreach (var target in report.Targets)
        {
            var verdict = target.Pass ? "[green]PASS[/]" : "[red]FAIL[/]";
            console.MarkupLine($"target {Markup.Escape(target.Name)}: {verdict} ({Markup.Escape(target.Measured)})");
        }
    }

    private static string Seconds(double ms) => (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Rate(double perSecond) =>
        double.IsNaN(perSecond) ? "–" : perSecond.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture);
}
