using System.Globalization;
using DeepScan.Detection;
using Spectre.Console;

namespace DeepScan.Cli.Rendering;

/// <summary>Renders a verdict so a person can read it at a glance: the verdict, the members, and a per-frame strip.</summary>
internal static class VerdictRenderer
{
    public static void Render(IAnsiConsole console, VerdictDocument verdict)
    {
        var (colour, label) = verdict.Verdict switch
        {
            VerdictState.Fake => ("red", "FAKE"),
            VerdictState.Real => ("green", "REAL"),
            VerdictState.NoFaces => ("yellow", "NO FACES FOUND"),
            _ => ("red", "ERROR"),
        };
        var probability = verdict.FakeProbability is { } p ? $" — fake probability {p:0.000}" : "";
        console.Write(new Rule($"[bold {colour}]{label}[/]{Markup.Escape(probability)}").LeftJustified());

        var source = verdict.Source;
        console.MarkupLine(Markup.Escape(
            $"{source.Name}: {source.Width}x{source.Height}, {source.DurationSeconds:0.0} s at {source.Fps:0.##} fps; " +
            $"{verdict.Aggregation.FacesScored} faces in {verdict.Aggregation.FramesWithFaces} of " +
            $"{verdict.Aggregation.FramesSampled} sampled frames; {verdict.Aggregation.Strategy}; device {verdict.Device}"));

        if (verdict.Error is { } error)
        {
            console.MarkupLine($"[red]{Markup.Escape(error)}[/]");
        }

        foreach (var warning in verdict.Warnings ?? [])
        {
            console.MarkupLine($"[yellow]{Markup.Escape(warning)}[/]");
        }

        if (verdict.Models.Length > 0)
        {
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("model").AddColumn(new TableColumn("weight").RightAligned())
                .AddColumn(new TableColumn("share").RightAligned()).AddColumn(new TableColumn("mean P(fake)").RightAligned());
            foreach (var m in verdict.Models)
            {
                table.AddRow(
                    Markup.Escape(m.Name),
                    m.Weight.ToString("0.000", CultureInfo.InvariantCulture),
                    m.Share.ToString("0.00", CultureInfo.InvariantCulture),
                    m.MeanFakeProbability?.ToString("0.000", CultureInfo.InvariantCulture) ?? "–");
            }

            console.Write(table);
        }

        if (verdict.Frames.Length > 0)
        {
            console.MarkupLine("frames  " + string.Concat(verdict.Frames.Select(Cell)) +
                "   [grey](green real · red fake · · no face)[/]");
        }

        var t = verdict.Timings;
        console.MarkupLine(Markup.Escape(
            $"decode {t.DecodeMs:0} ms · detect {t.DetectMs:0} ms · classify {t.ClassifyMs:0} ms · total {t.TotalMs:0} ms"));
    }

    /// <summary>One character per sampled frame: its most suspicious face, coloured by probability.</summary>
    private static string Cell(FrameReport frame)
    {
        if (frame.Faces.Length == 0)
        {
            return "[grey]·[/]";
        }

        var worst = frame.Faces.Max(f => f.FakeProbability);
        var colour = worst >= 0.5 ? (worst >= 0.75 ? "red" : "orange1") : (worst <= 0.25 ? "green" : "yellow");
        return $"[{colour}]█[/]";
    }
}
