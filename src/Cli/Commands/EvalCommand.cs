using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DeepScan.Cli.Evaluation;
using DeepScan.Cli.Rendering;
using DeepScan.Cli.Scanning;
using DeepScan.Detection.Evaluation;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DeepScan.Cli.Commands;

/// <summary><c>deepscan eval &lt;labels.csv&gt;</c>: how well each model and the ensemble do on a labelled set.</summary>
internal static class EvalCommand
{
    private static readonly Argument<FileInfo> Labels = new("labels")
    {
        Description = "CSV with at least the columns file,label (REAL or FAKE); files are relative to the CSV.",
    };

    private static readonly Option<FileInfo?> Json = new("--json") { Description = "Write metrics and per-item scores as JSON." };

    private static readonly Option<FileInfo?> Report = new("--report")
    {
        Description = "Write an HTML report: ROC curves, score histograms, worst mistakes.",
    };

    private static readonly Option<int?> Parallel = new("--parallel")
    {
        Description = "Videos scanned at once (default: the number of cores).",
    };

    public static Command GetCommand()
    {
        var command = new Command("eval", "Measure each ensemble member and the ensemble on a labelled set of videos or face crops.")
        {
            Labels, Json, Report, Parallel,
        };
        ScanCommonOptions.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(Labels)!,
            parse.GetValue(Json),
            parse.GetValue(Report),
            parse.GetValue(Parallel) ?? Environment.ProcessorCount,
            ScanCommonOptions.Parse(parse),
            parse.GetValue(ScanCommonOptions.Verbose),
            ct));
        return command;
    }

    public static async Task<int> RunAsync(
        FileInfo labels,
        FileInfo? json,
        FileInfo? report,
        int parallelism,
        ScanCliOptions options,
        bool verbose,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<LabelledItem> items;
        try
        {
            items = LabelsFile.Read(labels.FullName);
        }
        catch (LabelsFileException ex)
        {
            return CommandFailure.Report(ExitCodes.BadInput, ex.Message);
        }

        using var scanner = new LocalScanner(options, verbose ? LogLevel.Information : LogLevel.Error);
        if (CommandFailure.LoadModels(scanner) is { } setupFailed)
        {
            return setupFailed;
        }

        var evaluator = new LabelledSetEvaluator(scanner, options.Aggregation ?? "trimmed-mean", Math.Max(1, parallelism));
        EvaluationResult result = null!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape($"evaluating {items.Count} items"), maxValue: items.Count);
                result = await evaluator.EvaluateAsync(labels.FullName, items, () => task.Increment(1), cancellationToken);
            });

        Print(AnsiConsole.Console, result);
        if (json is not null)
        {
            await using var stream = File.Create(json.FullName);
            await JsonSerializer.SerializeAsync(stream, result, EvaluationJsonContext.Default.EvaluationResult, cancellationToken);
        }

        if (report is not null)
        {
            await File.WriteAllTextAsync(report.FullName, EvaluationHtmlReport.Render(result), cancellationToken);
        }

        return ExitCodes.Verdict;
    }

    /// <summary>The metrics table, then the undefined AUCs and the items that were not scored.</summary>
    internal static void Print(IAnsiConsole console, EvaluationResult result)
    {
        var table = new Table().Border(TableBorder.Simple)
            .Title(Markup.Escape(
                $"{result.Items} {result.Kind} items: {result.Scored} scored, {result.NoFaces} no face, " +
                $"{result.Failed} failed ({result.Strategy}, {result.WallSeconds:0.0} s)"))
            .Caption(Markup.Escape(
                $"AUC and log-loss: [95% interval, bootstrap of {BootstrapIntervals.DefaultResamples} stratified resamples]"));
        foreach (var column in new[] { "model", "weight", "n", "AUC", "log-loss", "acc@0.5", "TP", "FP", "TN", "FN" })
        {
            table.AddColumn(new TableColumn(column) { Alignment = column == "model" ? Justify.Left : Justify.Right });
        }

        foreach (var (name, m) in result.Metrics.OrderBy(p => p.Key == EvaluationResult.EnsembleKey))
        {
            table.AddRow(
                Markup.Escape(name),
                result.Weights.TryGetValue(name, out var w) ? MetricText.Of(w) : "",
                m.Count.ToString(CultureInfo.InvariantCulture),
                // Escaped: Spectre reads the interval's brackets as markup.
                Markup.Escape(m.Auc is { } auc ? MetricText.Of(auc, m.AucInterval) : "undefined"),
                Markup.Escape(MetricText.Of(m.LogLoss, m.LogLossInterval)),
                MetricText.Of(m.Accuracy),
                m.TruePositives.ToString(CultureInfo.InvariantCulture),
                m.FalsePositives.ToString(CultureInfo.InvariantCulture),
                m.TrueNegatives.ToString(CultureInfo.InvariantCulture),
                m.FalseNegatives.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
        foreach (var reason in result.Metrics.Values.Select(m => m.AucUndefinedReason).OfType<string>().Distinct())
        {
            console.MarkupLine($"[yellow]AUC undefined: {Markup.Escape(reason)}[/]");
        }

        foreach (var item in result.Scores.Where(s => s.Outcome != ItemOutcome.Scored))
        {
            console.MarkupLine(Markup.Escape(
                $"  {item.File}: {(item.Outcome == ItemOutcome.NoFaces ? "no face found" : item.Error)}"));
        }
    }
}
