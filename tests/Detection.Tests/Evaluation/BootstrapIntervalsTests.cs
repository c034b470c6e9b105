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
    public void AScorerAgainstItselfDiffersByNothingInEveryResample()
    {
        var items = Binormal(20, 0.8, 5).Select(i => (i.Item1, i.Item1, i.Item2)).ToList();

        var (auc, logLoss) = BootstrapIntervals.ComputeDifference(items);

        Assert.Equal(new ConfidenceInterval(0, 0), auc);
        Assert.Equal(new ConfidenceInterval(0, 0), logLoss);
    }

    [Fact]
    public void PairingKeepsAGainOnEveryItemAboveZeroWhereSeparateIntervalsOverlap()
    {
        // The same scores, each fake's raised a little: on any draw of items the new scorer ranks at least as well.
        var baseline = Binormal(30, 0.6, 9);
        var items = baseline.Select(i => (Math.Min(1, i.Item1 + (i.Item2 ? 0.05 : 0)), i.Item1, i.Item2)).ToList();

        var (auc, _) = BootstrapIntervals.ComputeDifference(items);
        var before = BootstrapIntervals.Compute(baseline).Auc!;
        var after = BootstrapIntervals.Compute(items.Select(i => (i.Item1, i.Item3)).ToList()).Auc!;

        Assert.True(auc!.Lower >= 0, $"paired interval {auc}");
        Assert.True(auc.Upper > 0);
        Assert.True(after.Lower < before.Upper, "the separate intervals overlap, so they alone could not tell");
    }

    [Fact]
    public void TheLogLossDifferenceIsTheMeanOfThePerItemDifferencesOnEachDraw()
    {
        // Every item 0.1 nats better (a fake's probability times e^0.1, a real's complement so): every resample's
        // mean difference is exactly that.
        var items = new List<(double, double, bool)>();
        foreach (var p in new[] { 0.3, 0.4, 0.5, 0.6 })
        {
            items.Add((p * Math.Exp(0.1), p, true));
            items.Add((1 - (1 - (p + 0.1)) * Math.Exp(0.1), p + 0.1, false));
        }

        var (_, logLoss) = BootstrapIntervals.ComputeDifference(items);

        Assert.Equal(-0.1, logLoss!.Lower, 9);
        Assert.Equal(-0.1, logLoss.Upper, 9);
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
