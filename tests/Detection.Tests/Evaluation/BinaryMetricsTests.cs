using DeepScan.Detection.Evaluation;

namespace DeepScan.Detection.Tests.Evaluation;

public sealed class BinaryMetricsTests
{
    [Fact]
    public void PerfectSeparationHasAucOne()
    {
        var m = BinaryMetrics.Compute([(0.9, true), (0.8, true), (0.2, false), (0.1, false)]);

        Assert.Equal(1.0, m.Auc);
        Assert.Equal(1.0, m.Accuracy);
        Assert.Equal((2, 0, 2, 0), (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives));
    }

    [Fact]
    public void AucMatchesAHandCountWithTies()
    {
        // Pairs (fake, real): (0.7,0.5) win, (0.7,0.7) tie, (0.3,0.5) loss, (0.3,0.7) loss → (1 + 0.5) / 4.
        var (auc, _) = BinaryMetrics.RocAuc([(0.7, true), (0.3, true), (0.5, false), (0.7, false)]);

        Assert.Equal(0.375, auc!.Value, 10);
    }

    [Fact]
    public void LogLossIsTheMeanCrossEntropy()
    {
        var m = BinaryMetrics.Compute([(0.8, true), (0.4, false)]);

        Assert.Equal(-(Math.Log(0.8) + Math.Log(0.6)) / 2, m.LogLoss, 10);
    }

    [Fact]
    public void SingleClassLeavesAucUndefinedWithAReason()
    {
        var m = BinaryMetrics.Compute([(0.9, true), (0.4, true)]);

        Assert.Null(m.Auc);
        Assert.Contains("single class", m.AucUndefinedReason);
        Assert.Equal(0.5, m.Accuracy);
    }

    [Fact]
    public void RocCurveRunsFromOriginToOne()
    {
        var curve = BinaryMetrics.RocCurve([(0.9, true), (0.6, false), (0.4, true), (0.1, false)]);

        Assert.Equal((0.0, 0.0), curve[0]);
        Assert.Equal((1.0, 1.0), curve[^1]);
        Assert.Equal(5, curve.Count);
    }
}
