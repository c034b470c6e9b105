namespace DeepScan.Detection.Evaluation;

/// <summary>How well one scorer separates fake from real on a labelled set.</summary>
/// <param name="Auc">ROC AUC; null when undefined (see <paramref name="AucUndefinedReason"/>).</param>
/// <param name="LogLoss">Mean binary cross-entropy, probabilities clipped to [1e-7, 1 − 1e-7].</param>
/// <param name="Accuracy">At the 0.5 threshold.</param>
/// <param name="AucInterval">95% stratified percentile bootstrap interval of the AUC (<see cref="BootstrapIntervals"/>);
/// null when the AUC is undefined.</param>
/// <param name="LogLossInterval">The same interval of the log-loss; null when nothing was scored.</param>
public sealed record BinaryMetrics(
    int Count,
    double? Auc,
    string? AucUndefinedReason,
    double LogLoss,
    double Accuracy,
    int TruePositives,
    int FalsePositives,
    int TrueNegatives,
    int FalseNegatives,
    ConfidenceInterval? AucInterval = null,
    ConfidenceInterval? LogLossInterval = null)
{
    private const double Epsilon = 1e-7;

    /// <summary>Metrics of (fake probability, is fake) pairs. Fake is the positive class.</summary>
    public static BinaryMetrics Compute(IReadOnlyList<(double Probability, bool IsFake)> items)
    {
        if (items.Count == 0)
        {
            return new BinaryMetrics(0, null, "no item was scored", double.NaN, double.NaN, 0, 0, 0, 0);
        }

        int tp = 0, fp = 0, tn = 0, fn = 0;
        double loss = 0;
        foreach (var (p, fake) in items)
        {
            var predictedFake = p >= 0.5;
            if (predictedFake && fake) tp++;
            else if (predictedFake) fp++;
            else if (fake) fn++;
            else tn++;
            loss += CrossEntropy(p, fake);
        }

        var (auc, reason) = RocAuc(items);
        var (aucInterval, lossInterval) = BootstrapIntervals.Compute(items);
        return new BinaryMetrics(
            items.Count, auc, reason, loss / items.Count, (double)(tp + tn) / items.Count, tp, fp, tn, fn,
            aucInterval, lossInterval);
    }

    /// <summary>One item's binary cross-entropy, its probability clipped to [1e-7, 1 − 1e-7].</summary>
    public static double CrossEntropy(double probability, bool isFake)
    {
        var q = Math.Clamp(probability, Epsilon, 1 - Epsilon);
        return isFake ? -Math.Log(q) : -Math.Log(1 - q);
    }

    /// <summary>AUC as the Mann–Whitney statistic: the chance a random fake outscores a random real; ties count half.</summary>
    public static (double? Auc, string? Reason) RocAuc(IReadOnlyList<(double Probability, bool IsFake)> items)
    {
        var positives = items.Count(i => i.IsFake);
        var negatives = items.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return (null, $"AUC is undefined with a single class ({(positives == 0 ? "no FAKE" : "no REAL")} items scored)");
        }

        // Average ranks handle ties exactly.
        var ordered = items.Select((item, i) => (item.Probability, item.IsFake)).OrderBy(x => x.Probability).ToList();
        double rankSumPositive = 0;
        for (var start = 0; start < ordered.Count;)
        {
            var end = start;
            while (end + 1 < ordered.Count && ordered[end + 1].Probability == ordered[start].Probability)
            {
                end++;
            }

            var averageRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
            {
                if (ordered[k].IsFake)
                {
                    rankSumPositive += averageRank;
                }
            }

            start = end + 1;
        }

        var u = rankSumPositive - positives * (positives + 1) / 2.0;
        return (u / ((double)positives * negatives), null);
    }

    /// <summary>Points of the ROC curve (false positive rate, true positive rate), from (0,0) to (1,1).</summary>
    public static IReadOnlyList<(double Fpr, double Tpr)> RocCurve(IReadOnlyList<(double Probability, bool IsFake)> items)
    {
        var positives = items.Count(i => i.IsFake);
        var negatives = items.Count - positives;
        var points = new List<(double, double)> { (0, 0) };
        if (positives == 0 || negatives == 0)
        {
            return points;
        }

        int tp = 0, fp = 0;
        foreach (var group in items.GroupBy(i => i.Probability).OrderByDescending(g => g.Key))
        {
            tp += group.Count(i => i.IsFake);
            fp += group.Count(i => !i.IsFake);
            points.Add(((double)fp / negatives, (double)tp / positives));
        }

        return points;
    }
}
