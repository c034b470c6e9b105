using DeepScan.Detection.Evaluation;

namespace DeepScan.Detection.Tests.Evaluation;

public sealed class BootstrapIntervalsTests
{
    /// <summary>Fakes score N(d, 1) and reals N(0, 1), rounded to two decimals so that ties occur.</summary>
    private static List<(double, bool)> Binormal(int perClass, double separation, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Enumerable.Range(0, 2 * perClass)
            .Select(i => (Math.Round(1 / (1 + Math.Exp(-(Normal() + (i % 2 == 0 ? separation : 0)))), 2), i % 2 == 0))
            .ToList();
    }

    [Fact]
    public void WeightedAucIsTheAucOfTheExpandedResample()
    {
        var random = new Random(7);
        var sorted = Binormal(30, 0.8, 3).OrderBy(i => i.Item1).ToArray();
        for (var trial = 0; trial < 20; trial++)
        {
            var counts = sorted.Select(_ => random.Next(3)).ToArray();
            counts[Array.FindIndex(sorted, i => i.Item2)] = 1;
            counts[Array.FindIndex(sorted, i => !i.Item2)] = 1;
            var expanded = sorted.SelectMany((item, k) => Enumerable.Repeat(item, counts[k])).ToList();

            Assert.Equal(BinaryMetrics.RocAuc(expanded).Auc!.Value, BootstrapIntervals.WeightedAuc(sorted, counts), 12);
        }
    }

    [Fact]
    public void AValueEveryResampleAgreesOnIsItsOwnInterval()
    {
        var separated = BootstrapIntervals.Compute([(0.9, true), (0.8, true), (0.3, false), (0.1, false)]);
        var constant = BootstrapIntervals.Compute([(0.5, true), (0.5, false), (0.5, true), (0.5, false)]);

        Assert.Equal(new ConfidenceInterval(1, 1), separated.Auc);
        Assert.Equal(new ConfidenceInterval(0.5, 0.5), constant.Auc);
        Assert.Equal(Math.Log(2), constant.LogLoss!.Lower, 12);
        Assert.Equal(Math.Log(2), constant.LogLoss!.Upper, 12);
    }

    [Fact]
    public void AucIntervalMatchesHanleyMcNeilsStandardErrorOnALargeSet()
    {
        var items = Binormal(300, 1.0, 11);
        var auc = BinaryMetrics.RocAuc(items).Auc!.Value;
        double q1 = auc / (2 - auc), q2 = 2 * auc * auc / (1 + auc), n = 300;
        var standardError = Math.Sqrt(
            (auc * (1 - auc) + (n - 1) * (q1 - auc * auc) + (n - 1) * (q2 - auc * auc)) / (n * n));

        var interval = BootstrapIntervals.Compute(items).Auc!;

        Assert.Equal(2 * 1.96 * standardError, interval.Upper - interval.Lower, 2 * 1.96 * standardError * 0.15);
        Assert.True(interval.Contains(auc));
    }

    [Fact]
    public void IntervalsContainThePointEstimateAndNarrowWithMoreItems()
    {
        var small = BinaryMetrics.Compute(Binormal(20, 1.0, 5));
        var large = BinaryMetrics.Compute(Binormal(400, 1.0, 5));

        foreach (var m in new[] { small, large })
        {
            Assert.True(m.AucInterval!.Contains(m.Auc!.Value));
            Assert.True(m.LogLossInterval!.Contains(m.LogLoss));
        }

        // Widths shrink as 1/sqrt(n): 20 times the items, about 4.5 times narrower.
        Assert.InRange(Width(large.AucInterval!) / Width(small.AucInterval!), 0.12, 0.35);
        Assert.InRange(Width(large.LogLossInterval!) / Width(small.LogLossInterval!), 0.12, 0.35);
    }

    [Fact]
    public void TheSeedFixesTheInterval()
    {
        var items = Binormal(25, 0.7, 9);

        Assert.Equal(BootstrapIntervals.Compute(items), BootstrapIntervals.Compute(items));
        Assert.NotEqual(BootstrapIntervals.Compute(items).Auc, BootstrapIntervals.Compute(items, seed: 1).Auc);
    }

    [Fact]
    public void ASingleClassHasNoAucIntervalButALogLossInterval()
    {
        var (auc, logLoss) = BootstrapIntervals.Compute([(0.9, true), (0.4, true), (0.7, true)]);

        Assert.Null(auc);
        Assert.NotNull(logLoss);
        Assert.Equal((null, null), BootstrapIntervals.Compute([]));
    }

    private static double Width(ConfidenceInterval interval) => interval.Upper - interval.Lower;
}
