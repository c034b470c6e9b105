using System.Text.Json;
using DeepScan.Cli.Commands;
using DeepScan.Cli.Rendering;
using DeepScan.Detection.Evaluation;
using Spectre.Console;

namespace DeepScan.Cli.Tests.Rendering;

/// <summary>Each AUC and log-loss carries its bootstrap interval into the table text, the JSON and the HTML report.</summary>
public sealed class EvaluationIntervalsTests
{
    private static EvaluationResult Result(string? groupColumn = null)
    {
        var scores = Enumerable.Range(0, 40).Select(i => new ItemScore(
            $"v{i}.mp4", i % 2 == 0, ItemOutcome.Scored, (i % 2 == 0 ? 0.6 : 0.4) + (i % 7) / 20.0,
            new Dictionary<string, double?> { ["m"] = (i % 5) / 5.0 },
            Group: groupColumn is null ? null : i < 16 ? "celebdf" : "ffpp")).ToList();
        return EvaluationResult.From("labels.csv", "video", "trimmed-mean", new() { ["m"] = 1 }, scores, 1, groupColumn);
    }

    private static string Printed(EvaluationResult result)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        EvalCommand.Print(console, result);
        return output.ToString();
    }

    [Fact]
    public void TheTableAndReportSayWhichFileEachMemberRanAndOnWhichDevice()
    {
        var result = Result() with { Models = new() { ["m"] = new MemberRun("m.int8.onnx", "cpu") } };

        Assert.Contains("models: m m.int8.onnx (cpu)", Printed(result));
        Assert.DoesNotContain("models:", Printed(Result()));
        Assert.Contains("<p>Models: m m.int8.onnx (cpu).</p>", EvaluationHtmlReport.Render(result));
    }

    [Fact]
    public void AMetricIsWrittenWithItsInterval()
    {
        Assert.Equal("0.812 [0.640–0.950]", MetricText.Of(0.8123, new ConfidenceInterval(0.64, 0.9501)));
        Assert.Equal("0.812", MetricText.Of(0.8123, null));
        Assert.Equal("–", MetricText.Of(double.NaN, new ConfidenceInterval(0, 1)));
    }

    [Fact]
    public void TheConsoleTableShowsEveryInterval()
    {
        var result = Result();

        var output = Printed(result);

        Assert.All(result.Metrics.Values, m =>
        {
            Assert.Contains(MetricText.Of(m.Auc!.Value, m.AucInterval), output);
            Assert.Contains(MetricText.Of(m.LogLoss, m.LogLossInterval), output);
        });
        Assert.DoesNotContain("by dataset", output);
        var json = JsonSerializer.Serialize(result, EvaluationJsonContext.Default.EvaluationResult);
        Assert.DoesNotContain("\"groups\"", json);
        Assert.DoesNotContain("\"group\"", json);
        Assert.DoesNotContain("\"baseline\"", json);
    }

    [Fact]
    public void BrokenDownByAColumnEachGroupsRowsCarryTheirIntervalsInTheTableTheJsonAndTheReport()
    {
        var result = Result("dataset");

        var output = Printed(result);
        var json = JsonDocument.Parse(JsonSerializer.Serialize(result, EvaluationJsonContext.Default.EvaluationResult));
        var html = EvaluationHtmlReport.Render(result);

        Assert.Contains("by dataset", output);
        foreach (var (group, metrics) in result.Groups!)
        {
            foreach (var (name, m) in metrics)
            {
                var row = Assert.Single(output.Split('\n'), line => line.Contains(group) && line.Contains($" {name} "));
                Assert.Contains(MetricText.Of(m.Auc!.Value, m.AucInterval), row);
                Assert.Contains(MetricText.Of(m.LogLoss, m.LogLossInterval), row);
                Assert.Contains(
                    $"<tr><td>{group}</td><td>{name}</td><td>{m.Count}</td><td>{MetricText.Of(m.Auc!.Value, m.AucInterval)}</td>",
                    html);
                var written = json.RootElement.GetProperty("groups").GetProperty(group).GetProperty(name);
                Assert.Equal(m.AucInterval!.Lower, written.GetProperty("aucInterval").GetProperty("lower").GetDouble());
            }
        }

        Assert.Equal("dataset", json.RootElement.GetProperty("groupColumn").GetString());
        Assert.Equal("celebdf", json.RootElement.GetProperty("scores")[0].GetProperty("group").GetString());
    }

    [Fact]
    public void AComparisonWithABaselineIsInTheTableTheJsonAndTheReport()
    {
        var before = Result();
        var after = EvaluationResult.From("labels.csv", "video", "trimmed-mean", new() { ["m"] = 1 },
            before.Scores.Select(s => s with { Ensemble = s.IsFake ? Math.Min(1, s.Ensemble!.Value + 0.1) : s.Ensemble })
                .ToList(), 1);
        var result = after with { Baseline = BaselineComparison.Compare(after, before, "before.json") };

        var output = Printed(result);
        var json = JsonDocument.Parse(JsonSerializer.Serialize(result, EvaluationJsonContext.Default.EvaluationResult));
        var html = EvaluationHtmlReport.Render(result);

        var ensemble = result.Baseline!.Scorers[EvaluationResult.EnsembleKey];
        Assert.True(ensemble.AucDifference > 0);
        var delta = MetricText.Signed(ensemble.AucDifference!.Value, ensemble.AucDifferenceInterval);
        Assert.StartsWith("+", delta);
        Assert.Contains("against the baseline before.json", output);
        Assert.Contains(delta, output);
        Assert.Contains(delta, html);
        Assert.Contains(MetricText.Signed(ensemble.LogLossDifference, ensemble.LogLossDifferenceInterval), html);
        var written = json.RootElement.GetProperty("baseline").GetProperty("scorers").GetProperty("ensemble");
        Assert.Equal(ensemble.AucDifferenceInterval!.Lower, written.GetProperty("aucDifferenceInterval").GetProperty("lower").GetDouble());
        Assert.Equal(0, result.Baseline.Scorers["m"].AucDifference); // the member did not change
    }

    [Fact]
    public void JsonAndReportCarryEveryInterval()
    {
        var result = Result();
        var json = JsonDocument.Parse(JsonSerializer.Serialize(result, EvaluationJsonContext.Default.EvaluationResult));
        var html = EvaluationHtmlReport.Render(result);

        foreach (var (name, m) in result.Metrics)
        {
            var metrics = json.RootElement.GetProperty("metrics").GetProperty(name);
            Assert.Equal(m.AucInterval!.Lower, metrics.GetProperty("aucInterval").GetProperty("lower").GetDouble());
            Assert.Equal(m.LogLossInterval!.Upper, metrics.GetProperty("logLossInterval").GetProperty("upper").GetDouble());
            Assert.True(m.AucInterval.Upper > m.AucInterval.Lower);
            Assert.Contains(MetricText.Of(m.Auc!.Value, m.AucInterval), html);
            Assert.Contains(MetricText.Of(m.LogLoss, m.LogLossInterval), html);
        }
    }
}
