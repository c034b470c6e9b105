using DeepScan.Detection.Evaluation;

namespace DeepScan.Detection.Tests.Evaluation;

/// <summary>An evaluation broken down by a labels column: each group's metrics are those of its items alone.</summary>
public sealed class EvaluationResultTests
{
    private static ItemScore Item(int i, string? group) => new(
        $"v{i}.mp4", i % 2 == 0, ItemOutcome.Scored, (i % 2 == 0 ? 0.55 : 0.45) + (i % 5) / 10.0,
        new Dictionary<string, double?> { ["m"] = (i % 3) / 3.0 }, Group: group);

    [Fact]
    public void EachGroupGetsTheMetricsOfItsOwnItems()
    {
        var scores = Enumerable.Range(0, 30).Select(i => Item(i, i < 12 ? "celebdf" : "ffpp")).ToList();

        var result = EvaluationResult.From("labels.csv", "video", "trimmed-mean", new() { ["m"] = 1 }, scores, 1, "dataset");

        Assert.Equal("dataset", result.GroupColumn);
        Assert.Equal(["celebdf", "ffpp"], result.Groups!.Keys);
        foreach (var (group, metrics) in result.Groups)
        {
            var own = scores.Where(s => s.Group == group).ToList();
            var alone = EvaluationResult.From("labels.csv", "video", "trimmed-mean", new() { ["m"] = 1 }, own, 1);
            Assert.Equal(own.Count, metrics[EvaluationResult.EnsembleKey].Count);
            Assert.Equal(alone.Metrics[EvaluationResult.EnsembleKey].Auc, metrics[EvaluationResult.EnsembleKey].Auc);
            Assert.Equal(alone.Metrics["m"].AucInterval, metrics["m"].AucInterval);
        }
    }

    [Fact]
    public void WithoutAColumnThereAreNoGroupsAndABlankValueIsAGroupOfItsOwn()
    {
        var scores = Enumerable.Range(0, 8).Select(i => Item(i, i < 4 ? "" : "dfdc")).ToList();

        Assert.Null(EvaluationResult.From("labels.csv", "video", "mean", new() { ["m"] = 1 }, scores, 1).Groups);
        var grouped = EvaluationResult.From("labels.csv", "video", "mean", new() { ["m"] = 1 }, scores, 1, "dataset");
        Assert.Equal(["", "dfdc"], grouped.Groups!.Keys);
    }
}
