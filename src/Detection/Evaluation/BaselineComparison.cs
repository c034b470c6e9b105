namespace DeepScan.Detection.Evaluation;

/// <summary>One scorer of this evaluation against the same scorer of a baseline evaluation, on the items both scored:
/// each run's AUC and log-loss, and the differences (this run minus the baseline) with paired bootstrap intervals
/// (<see cref="BootstrapIntervals.ComputeDifference"/>).</summary>
/// <param name="Count">Items both runs scored with this scorer, the only ones compared.</param>
public sealed record PairedDifference(
    int Count,
    double? Auc,
    double? BaselineAuc,
    double? AucDifference,
    ConfidenceInterval? AucDifferenceInterval,
    double LogLoss,
    double BaselineLogLoss,
    double LogLossDifference,
    ConfidenceInterval? LogLossDifferenceInterval);

/// <summary>This evaluation against an earlier one of the same labelled items (<c>eval --baseline</c>): what a change
/// to models, crops, weights or aggregation did, item for item.</summary>
/// <param name="Baseline">The baseline's <c>eval --json</c> file, as given.</param>
/// <param name="Scorers">Per scorer both runs have (each member, and the ensemble).</param>
public sealed record BaselineComparison(string Baseline, Dictionary<string, PairedDifference> Scorers)
{
    /// <summary>Compares each scorer <paramref name="current"/> and <paramref name="baseline"/> share on the items both
    /// scored with it, matched by file.</summary>
    /// <exception cref="BaselineMismatchException">A file is labelled differently in the two runs.</exception>
    public static BaselineComparison Compare(EvaluationResult current, EvaluationResult baseline, string baselineName)
    {
        CheckLabels(current.Scores.Select(s => (s.File, s.IsFake)), baseline, baselineName);
        var earlier = ByFile(baseline);
        var scorers = new Dictionary<string, PairedDifference>();
        foreach (var name in current.Metrics.Keys.Where(baseline.Metrics.ContainsKey))
        {
            var pairs = current.Scores
                .Select(s => (Now: ScoreOf(s, name), Then: earlier.TryGetValue(s.File, out var b) ? ScoreOf(b, name) : null,
                    s.IsFake))
                .Where(p => p.Now is not null && p.Then is not null)
                .Select(p => (Current: p.Now!.Value, Baseline: p.Then!.Value, p.IsFake))
                .ToList();
            scorers[name] = Difference(pairs);
        }

        return new BaselineComparison(baselineName, scorers);
    }

    /// <summary>Fails when a file the labels give is labelled otherwise in the baseline, or when the baseline has
    /// none of the files: the runs would not measure the same thing.</summary>
    /// <exception cref="BaselineMismatchException">A file is labelled differently in the two runs, or no file is in
    /// both.</exception>
    public static void CheckLabels(
        IEnumerable<(string File, bool IsFake)> labels, EvaluationResult baseline, string baselineName)
    {
        var earlier = ByFile(baseline);
        var items = labels.ToList();
        var clash = items.FirstOrDefault(l => earlier.TryGetValue(l.File, out var item) && item.IsFake != l.IsFake);
        if (clash.File is not null)
        {
            throw new BaselineMismatchException(
                $"{clash.File} is labelled {(clash.IsFake ? "FAKE" : "REAL")} here and "
                + $"{(clash.IsFake ? "REAL" : "FAKE")} in the baseline {baselineName}: the runs do not measure the same items.");
        }

        if (items.Count > 0 && !items.Any(l => earlier.ContainsKey(l.File)))
        {
            throw new BaselineMismatchException(
                $"none of the {items.Count} files here is in the baseline {baselineName} (it lists {earlier.Count}): "
                + "the runs have no items to compare; was it made from another labels file?");
        }
    }

    /// <summary>The baseline's items by file (the first, where a labels file lists one twice).</summary>
    private static Dictionary<string, ItemScore> ByFile(EvaluationResult baseline) =>
        baseline.Scores.GroupBy(s => s.File).ToDictionary(g => g.Key, g => g.First());

    private static double? ScoreOf(ItemScore item, string scorer) =>
        item.Outcome != ItemOutcome.Scored ? null
        : scorer == EvaluationResult.EnsembleKey ? item.Ensemble
        : item.Members.GetValueOrDefault(scorer);

    private static PairedDifference Difference(List<(double Current, double Baseline, bool IsFake)> pairs)
    {
        // Point values only: BinaryMetrics.Compute would also bootstrap each run's own intervals, unused here.
        var now = BinaryMetrics.RocAuc(pairs.Select(p => (p.Current, p.IsFake)).ToList()).Auc;
        var then = BinaryMetrics.RocAuc(pairs.Select(p => (p.Baseline, p.IsFake)).ToList()).Auc;
        var nowLoss = pairs.Count > 0 ? pairs.Average(p => BinaryMetrics.CrossEntropy(p.Current, p.IsFake)) : double.NaN;
        var thenLoss = pairs.Count > 0 ? pairs.Average(p => BinaryMetrics.CrossEntropy(p.Baseline, p.IsFake)) : double.NaN;
        var (aucInterval, lossInterval) = BootstrapIntervals.ComputeDifference(pairs);
        return new PairedDifference(
            pairs.Count, now, then, now - then, aucInterval, nowLoss, thenLoss, nowLoss - thenLoss, lossInterval);
    }
}

/// <summary>The baseline of <c>eval --baseline</c> labels some file otherwise than this run; the message names it.
/// </summary>
public sealed class BaselineMismatchException(string message) : Exception(message);
