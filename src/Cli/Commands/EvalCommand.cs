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

    private static readonly Option<string?> By = new("--by")
    {
        Description = "Also report the metrics per value of this labels column (e.g. dataset), each with its intervals.",
    };

    private static readonly Option<FileInfo?> Baseline = new("--baseline")
    {
        Description = "An earlier eval --json of the same labels: also report each model's change in AUC and log-loss "
            + "against it, item for item, with paired bootstrap intervals.",
    };

    public static Command GetCommand()
    {
        var command = new Command("eval", "Measure each ensemble member and the ensemble on a labelled set of videos or face crops.")
        {
            Labels, Json, Report, Parallel, By, Baseline,
        };
        ScanCommonOptions.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(Labels)!,
            parse.GetValue(Json),
            parse.GetValue(Report),
            parse.GetValue(Parallel) ?? Environment.ProcessorCount,
            ScanCommonOptions.Parse(parse),
            parse.GetValue(ScanCommonOptions.Verbose),
            ct,
            parse.GetValue(By),
            parse.GetValue(Baseline)));
        return command;
    }

    public static async Task<int> RunAsync(
        FileInfo labels,
        FileInfo? json,
        FileInfo? report,
        int parallelism,
        ScanCliOptions options,
        bool verbose,
        CancellationToken cancellationToken,
        string? groupColumn = null,
        FileInfo? baselineFile = null)
    {
        LabelsTable table;
        try
        {
            table = LabelsFile.ReadTable(labels.FullName);
        }
        catch (LabelsFileException ex)
        {
            return CommandFailure.Report(ExitCodes.BadInput, ex.Message);
        }

        var items = table.Items;
        if ((OutputPaths.WhyUnwritable(json, "--json")
                ?? OutputPaths.WhyUnwritable(report, "--report")
                ?? OutputPaths.WhyClashing([labels, baselineFile], (json, "--json"), (report, "--report"))) is { } unwritable)
        {
            return CommandFailure.Report(ExitCodes.BadInput, unwritable);
        }

        EvaluationResult? baseline = null;
        if (baselineFile is not null)
        {
            // Read and checked before anything is scanned: a wrong baseline should not cost a whole evaluation.
            try
            {
                baseline = await ReadBaselineAsync(baselineFile, cancellationToken);
                BaselineComparison.CheckLabels(items.Select(i => (i.File, i.IsFake)), baseline, baselineFile.Name);
            }
            catch (Exception ex) when (ex is IOException or JsonException or BaselineMismatchException
                or UnauthorizedAccessException)
            {
                return CommandFailure.Report(ExitCodes.BadInput, $"--baseline {baselineFile.Name}: {ex.Message}");
            }
        }

        (string, int)? groupBy = null;
        if (groupColumn is not null)
        {
            var index = table.ExtraColumns.ToList()
                .FindIndex(c => string.Equals(c, groupColumn, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return CommandFailure.Report(ExitCodes.BadInput, $"{labels.Name} has no column '{groupColumn}' to break "
                    + $"the metrics down by; its other columns: {string.Join(", ", table.ExtraColumns.DefaultIfEmpty("none"))}.");
            }

            groupBy = (table.ExtraColumns[index], index);
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
                result = await evaluator.EvaluateAsync(
                    labels.FullName, items, () => task.Increment(1), cancellationToken, groupBy);
            });

        if (baseline is not null)
        {
            result = result with { Baseline = BaselineComparison.Compare(result, baseline, baselineFile!.Name) };
        }

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

        // As crops does: a run that could read none of its items measured nothing, which a script must not take for a
        // result. Items without a face were read; they are counted, not failed.
        return result.Items > 0 && result.Failed == result.Items
            ? CommandFailure.Report(ExitCodes.BadInput, $"none of the {result.Items} items in {labels.Name} could be read.")
            : ExitCodes.Verdict;
    }

    /// <summary>The metrics table and which file each member ran, then the undefined AUCs and the items that were not
    /// scored.</summary>
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

        foreach (var (name, m) in EnsembleLast(result.Metrics))
        {
            table.AddRow([
                Markup.Escape(name), result.Weights.TryGetValue(name, out var w) ? MetricText.Of(w) : "", .. Cells(m),
                m.TruePositives.ToString(CultureInfo.InvariantCulture),
                m.FalsePositives.ToString(CultureInfo.InvariantCulture),
                m.TrueNegatives.ToString(CultureInfo.InvariantCulture),
                m.FalseNegatives.ToString(CultureInfo.InvariantCulture)]);
        }

        console.Write(table);
        if (result.Models is { Count: > 0 } models)
        {
            console.MarkupLine(
                "[grey]" + Markup.Escape("models: " + string.Join(", ", models.Select(m => m.Value.Describe(m.Key)))) + "[/]");
        }

        if (result.Groups is not null)
        {
            console.Write(GroupTable(result.GroupColumn!, result.Groups));
        }

        if (result.Baseline is not null)
        {
            console.Write(BaselineTable(result.Baseline));
        }

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

    /// <summary>The same metrics per value of the labels column the evaluation was broken down by.</summary>
    private static Table GroupTable(string column, Dictionary<string, Dictionary<string, BinaryMetrics>> groups)
    {
        var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape($"by {column}"));
        foreach (var header in new[] { column, "model", "n", "AUC", "log-loss", "acc@0.5" })
        {
            table.AddColumn(new TableColumn(Markup.Escape(header))
            {
                Alignment = header == column || header == "model" ? Justify.Left : Justify.Right,
            });
        }

        foreach (var (group, metrics) in groups)
        {
            foreach (var (name, m) in EnsembleLast(metrics))
            {
                table.AddRow([Markup.Escape(group.Length == 0 ? "(blank)" : group), Markup.Escape(name), .. Cells(m)]);
            }
        }

        return table;
    }

    /// <summary>Each model against the baseline, on the items both runs scored with it.</summary>
    private static Table BaselineTable(BaselineComparison comparison)
    {
        var table = new Table().Border(TableBorder.Simple)
            .Title(Markup.Escape($"against the baseline {comparison.Baseline} (this run minus the baseline)"))
            .Caption(Markup.Escape(
                "Δ: [95% interval, paired bootstrap: both runs measured on each of "
                + $"{BootstrapIntervals.DefaultResamples} stratified resamples of the items both scored]"));
        foreach (var header in new[] { "model", "n", "AUC then → now", "ΔAUC", "log-loss then → now", "Δlog-loss" })
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)) { Alignment = header == "model" ? Justify.Left : Justify.Right });
        }

        foreach (var (name, d) in comparison.Scorers.OrderBy(p => p.Key == EvaluationResult.EnsembleKey))
        {
            table.AddRow(
                Markup.Escape(name),
                d.Count.ToString(CultureInfo.InvariantCulture),
                Markup.Escape($"{Undefined(d.BaselineAuc)} → {Undefined(d.Auc)}"),
                Markup.Escape(d.AucDifference is { } delta ? MetricText.Signed(delta, d.AucDifferenceInterval) : "undefined"),
                Markup.Escape($"{MetricText.Of(d.BaselineLogLoss)} → {MetricText.Of(d.LogLoss)}"),
                Markup.Escape(MetricText.Signed(d.LogLossDifference, d.LogLossDifferenceInterval)));
        }

        return table;
    }

    private static string Undefined(double? value) => value is { } v ? MetricText.Of(v) : "undefined";

    private static async Task<EvaluationResult> ReadBaselineAsync(FileInfo file, CancellationToken cancellationToken)
    {
        await using var stream = file.OpenRead();
        var result = await JsonSerializer.DeserializeAsync(
                stream, EvaluationJsonContext.Default.EvaluationResult, cancellationToken)
            ?? throw new JsonException("the file holds no evaluation.");
        // Any JSON object deserializes, a scan's verdict too; what the comparison reads must be there.
        return result.Scores is null || result.Metrics is null
            || result.Scores.Any(s => s?.File is null || s.Members is null)
            ? throw new JsonException("this is not what deepscan eval --json writes: it has no scores by file.")
            : result;
    }

    private static IEnumerable<KeyValuePair<string, BinaryMetrics>> EnsembleLast(Dictionary<string, BinaryMetrics> metrics) =>
        metrics.OrderBy(p => p.Key == EvaluationResult.EnsembleKey);

    /// <summary>n, AUC and log-loss with their intervals, and accuracy: escaped, since Spectre reads the interval's
    /// brackets as markup.</summary>
    private static string[] Cells(BinaryMetrics m) =>
    [
        m.Count.ToString(CultureInfo.InvariantCulture),
        Markup.Escape(m.Auc is { } auc ? MetricText.Of(auc, m.AucInterval) : "undefined"),
        Markup.Escape(MetricText.Of(m.LogLoss, m.LogLossInterval)),
        MetricText.Of(m.Accuracy),
    ];
}
