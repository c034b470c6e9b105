using DeepScan.Detection.Evaluation;

namespace DeepScan.Detection.Tests.Evaluation;

/// <summary><c>eval --baseline</c>: runs matched file by file, each scorer compared on the items both runs scored.</summary>
public sealed class BaselineComparisonTests
{
    private static readonly Dictionary<string, double> Weights = new() { ["m"] = 1 };

    private static ItemScore Scored(string file, bool fake, double p, double? member = null) =>
        new(file, fake, ItemOutcome.Scored, p, new Dictionary<string, double?> { ["m"] = member ?? p });

    private static EvaluationResult Run(params ItemScore[] scores) =>
        EvaluationResult.From("labels.csv", "video", "trimmed-mean", Weights, scores, 1);

    [Fact]
    public void OnlyItemsBothRunsScoredAreCompared()
    {
        var baseline = Run(
            Scored("a.mp4", true, 0.4), Scored("b.mp4", false, 0.6), Scored("c.mp4", true, 0.9),
            new ItemScore("d.mp4", false, ItemOutcome.NoFaces, null, []));
        var current = Run(
            Scored("a.mp4", true, 0.8), Scored("b.mp4", false, 0.3), Scored("d.mp4", false, 0.1),
            Scored("e.mp4", true, 0.7));

        var comparison = BaselineComparison.Compare(current, baseline, "before.json");

        var ensemble = comparison.Scorers[EvaluationResult.EnsembleKey];
        Assert.Equal(2, ensemble.Count); // a and b: c is not in this run, d was not scored before, e is new
        Assert.Equal((0.0, 1.0, 1.0), (ensemble.BaselineAuc!.Value, ensemble.Auc!.Value, ensemble.AucDifference!.Value));
        Assert.True(ensemble.LogLossDifference < 0);
        Assert.Equal(["ensemble", "m"], comparison.Scorers.Keys.Order());
    }

    [Fact]
    public void AScorerOnlyOneRunHasIsLeftOut()
    {
        var baseline = EvaluationResult.From("labels.csv", "video", "trimmed-mean", new Dictionary<string, double>(),
            [new ItemScore("a.mp4", true, ItemOutcome.Scored, 0.7, [])], 1);

        var comparison = BaselineComparison.Compare(Run(Scored("a.mp4", true, 0.8)), baseline, "before.json");

        Assert.Equal([EvaluationResult.EnsembleKey], comparison.Scorers.Keys);
    }

    [Fact]
    public void AFileLabelledOtherwiseInTheBaselineIsRefusedByName()
    {
        var baseline = Run(Scored("a.mp4", true, 0.4), Scored("b.mp4", false, 0.6));

        var error = Assert.Throws<BaselineMismatchException>(() => BaselineComparison.Compare(
            Run(Scored("a.mp4", true, 0.8), Scored("b.mp4", true, 0.3)), baseline, "before.json"));

        Assert.Contains("b.mp4 is labelled FAKE here and REAL in the baseline before.json", error.Message);
    }
}
