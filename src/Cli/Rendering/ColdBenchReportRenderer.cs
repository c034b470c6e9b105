using System.Globalization;
using DeepScan.Cli.Benchmarking;
using Spectre.Console;

namespace DeepScan.Cli.Rendering;

/// <summary>Prints a cold benchmark: a row per fresh scan process and its ffmpeg run, the medians, the target.
/// </summary>
internal static class ColdBenchReportRenderer
{
    public static void Render(IAnsiConsole console, ColdBenchReport report)
    {
        console.MarkupLine(Markup.Escape(
            $"{report.Video}: cold `deepscan scan` processes of {report.Executable.Program} "
            + $"({report.Executable.Compilation})"));

        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "run", "scan s", "cpu s", "ffmpeg s", "ffmpeg cpu s", "ratio" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column == "run" ? Justify.Left : Justify.Right });
        }

        for (var i = 0; i < report.Scans.Count; i++)
        {
            var (scan, ffmpeg) = (report.Scans[i], report.Ffmpeg[i]);
            table.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture),
                Seconds(scan.WallMs),
                Seconds(scan.CpuMs),
                Seconds(ffmpeg.WallMs),
                Seconds(ffmpeg.CpuMs),
                Ratio(scan.WallMs / ffmpeg.WallMs));
        }

        table.AddRow(
            "[bold]med.[/]",
            Seconds(report.MedianWallMs),
            Seconds(report.MedianCpuMs),
            Seconds(report.MedianFfmpegWallMs),
            Seconds(report.MedianFfmpegCpuMs),
            Ratio(report.RatioToFfmpeg));
        table.Caption(Markup.Escape(
            "scan: the whole process, from start to exit; cpu: it and its ffmpeg/ffprobe children. " +
            "ffmpeg: `ffmpeg -i video -f null -` right after the scan, ratio = scan/ffmpeg."));
        console.Write(table);
        console.MarkupLine(report.FellBackToCpu
            ? $"[yellow]--device {Markup.Escape(report.DeviceAsked!)}: no GPU was used: the models fell back to the CPU "
                + "(`deepscan scan --verbose` logs why)[/]"
            : $"models ran on: {Markup.Escape(report.Device)}"
                + (report.Models is { } models ? $" ({Markup.Escape(models)})" : ""));

        var target = report.Target;
        console.MarkupLine(
            $"target {Markup.Escape(target.Name)}: {(target.Pass ? "[green]PASS[/]" : "[red]FAIL[/]")} " +
            $"({Markup.Escape(target.Measured)})");
    }

    private static string Seconds(double ms) => (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);
}
