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
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resamples);
        if (level is <= 0 or >= 1 || double.IsNaN(level))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level must be between 0 and 1.");
        }

        if (items.Count == 0)
        {
            return (null, null);
        }

        var sorted = items.OrderBy(i => i.Probability).ToArray();
        var positives = Enumerable.Range(0, sorted.Length).Where(i => sorted[i].IsFake).ToArray();
        var negatives = Enumerable.Range(0, sorted.Length).Where(i => !sorted[i].IsFake).ToArray();
        var bothClasses = positives.Length > 0 && negatives.Length > 0;
        var aucs = new double[resamples];
        var losses = new double[resamples];
        var counts = new int[sorted.Length];
        var random = new Random(seed);
        for (var r = 0; r < resamples; r++)
        {
            Array.Clear(counts);
            Draw(random, positives, counts);
            Draw(random, negatives, counts);
            aucs[r] = bothClasses ? WeightedAuc(sorted, counts) : double.NaN;
            losses[r] = WeightedLogLoss(sorted, counts);
        }

        return (bothClasses ? Percentiles(aucs, level) : null, Percentiles(losses, level));
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
