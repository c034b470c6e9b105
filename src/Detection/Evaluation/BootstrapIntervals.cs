namespace DeepScan.Detection.Evaluation;

/// <summary>A two-sided confidence interval.</summary>
public sealed record ConfidenceInterval(double Lower, double Upper)
{
    public bool Contains(double value) => value >= Lower && value <= Upper;
}

/// <summary>
/// Percentile bootstrap intervals for AUC and log-loss: fakes and reals are resampled separately (stratified), with
/// replacement and a fixed seed, so each resample keeps the set's class balance and the same input always gives the
/// same interval.
/// </summary>
/// <remarks>A resample is a count per item over items sorted once by score, so each costs O(n) (a weighted
/// Mann–Whitney count with ties as half) instead of a sort of the expanded set.</remarks>
public static class BootstrapIntervals
{
    public const int DefaultResamples = 2000;
    public const int DefaultSeed = 20161;
    public const double DefaultLevel = 0.95;

    /// <summary>The intervals of AUC (null when a class is missing) and of log-loss (null when there are no items).</summary>
    public static (ConfidenceInterval? Auc, ConfidenceInterval? LogLoss) Compute(
        IReadOnlyList<(double Probability, bool IsFake)> items,
        int resamples = DefaultResamples,
        int seed = DefaultSeed,
        double level = DefaultLevel)
    {
        CheckArguments(resamples, level);
        if (items.Count == 0)
        {
            return (null, null);
        }

        var sorted = items.OrderBy(i => i.Probability).ToArray();
        return Resample(
            sorted.Select(i => i.IsFake).ToArray(), resamples, seed, level,
            counts => WeightedAuc(sorted, counts), counts => WeightedLogLoss(sorted, counts));
    }

    /// <summary>
    /// Intervals of the differences in AUC and log-loss (current minus baseline) between two scorers of the same
    /// items, paired: each resample draws items (fakes and reals separately), and both scorers are measured on that
    /// same draw, so what the items share (an easy or a hard set) cancels out of the difference.
    /// </summary>
    public static (ConfidenceInterval? AucDifference, ConfidenceInterval? LogLossDifference) ComputeDifference(
        IReadOnlyList<(double Current, double Baseline, bool IsFake)> items,
        int resamples = DefaultResamples,
        int seed = DefaultSeed,
        double level = DefaultLevel)
    {
        CheckArguments(resamples, level);
        if (items.Count == 0)
        {
            return (null, null);
        }

        var current = SortedView(items.Select(i => (i.Current, i.IsFake)).ToArray());
        var baseline = SortedView(items.Select(i => (i.Baseline, i.IsFake)).ToArray());
        var lossDifference = items
            .Select(i => BinaryMetrics.CrossEntropy(i.Current, i.IsFake) - BinaryMetrics.CrossEntropy(i.Baseline, i.IsFake))
            .ToArray();
        return Resample(
            items.Select(i => i.IsFake).ToArray(), resamples, seed, level,
            counts => current.Auc(counts) - baseline.Auc(counts),
            counts => Enumerable.Range(0, counts.Length).Sum(i => counts[i] * lossDifference[i]) / counts.Length);
    }

    private static void CheckArguments(int resamples, double level)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resamples);
        if (level is <= 0 or >= 1 || double.IsNaN(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level must be between 0 and 1.");
        }
    }

    /// <summary>
    /// The percentile intervals of an AUC-like statistic (null when a class is missing) and of a loss-like one over
    /// stratified resamples of items of these classes, each resample given to both as a count per item.
    /// </summary>
    private static (ConfidenceInterval? Auc, ConfidenceInterval? Loss) Resample(
        bool[] isFake, int resamples, int seed, double level, Func<int[], double> auc, Func<int[], double> loss)
    {
        var positives = Enumerable.Range(0, isFake.Length).Where(i => isFake[i]).ToArray();
        var negatives = Enumerable.Range(0, isFake.Length).Where(i => !isFake[i]).ToArray();
        var bothClasses = positives.Length > 0 && negatives.Length > 0;
        var aucs = new double[resamples];
        var losses = new double[resamples];
        var counts = new int[isFake.Length];
        var random = new Random(seed);
        for (var r = 0; r < resamples; r++)
        {
            Array.Clear(counts);
            Draw(random, positives, counts);
            Draw(random, negatives, counts);
            aucs[r] = bothClasses ? auc(counts) : double.NaN;
            losses[r] = loss(counts);
        }

        return (bothClasses ? Percentiles(aucs, level) : null, Percentiles(losses, level));
    }

    /// <summary>Items sorted once by one scorer's probability, with the order to carry per-item counts into it.</summary>
    private static SortedItems SortedView((double Probability, bool IsFake)[] items)
    {
        var order = Enumerable.Range(0, items.Length).OrderBy(i => items[i].Probability).ToArray();
        return new SortedItems(order.Select(i => items[i]).ToArray(), order);
    }

    private sealed record SortedItems((double Probability, bool IsFake)[] Sorted, int[] Order)
    {
        private readonly int[] _counts = new int[Order.Length];

        /// <summary>The AUC of the resample given as a count per item in the original order.</summary>
        public double Auc(int[] counts)
        {
            for (var k = 0; k < Order.Length; k++)
            {
                _counts[k] = counts[Order[k]];
            }

            return WeightedAuc(Sorted, _counts);
        }
    }

    /// <summary>AUC of the multiset holding <paramref name="counts"/>[i] copies of <paramref name="sorted"/>[i]
    /// (sorted by probability): the chance a fake outscores a real, ties counting half.</summary>
    internal static double WeightedAuc(IReadOnlyList<(double Probability, bool IsFake)> sorted, int[] counts)
    {
        double wins = 0, realsBelow = 0, fakes = 0;
        for (var start = 0; start < sorted.Count;)
        {
            double groupFakes = 0, groupReals = 0;
            var end = start;
            for (; end < sorted.Count && sorted[end].Probability == sorted[start].Probability; end++)
            {
                if (sorted[end].IsFake)
                {
                    groupFakes += counts[end];
                }
                else
                {
                    groupReals += counts[end];
                }
            }

            wins += groupFakes * (realsBelow + groupReals / 2);
            realsBelow += groupReals;
            fakes += groupFakes;
            start = end;
        }

        return wins / (fakes * realsBelow);
    }

    private static double WeightedLogLoss(IReadOnlyList<(double Probability, bool IsFake)> sorted, int[] counts)
    {
        double loss = 0, n = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            if (counts[i] > 0)
            {
                loss += counts[i] * BinaryMetrics.CrossEntropy(sorted[i].Probability, sorted[i].IsFake);
                n += counts[i];
            }
        }

        return loss / n;
    }

    private static void Draw(Random random, int[] members, int[] counts)
    {
        for (var k = 0; k < members.Length; k++)
        {
            counts[members[random.Next(members.Length)]]++;
        }
    }

    /// <summary>The (1 − level)/2 and (1 + level)/2 quantiles, interpolating linearly between order statistics.</summary>
    private static ConfidenceInterval Percentiles(double[] values, double level)
    {
        Array.Sort(values);
        return new ConfidenceInterval(Quantile(values, (1 - level) / 2), Quantile(values, (1 + level) / 2));
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
