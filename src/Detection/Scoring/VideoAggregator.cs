namespace DeepScan.Detection.Scoring;

/// <summary>Turns the per-face fake probabilities of a video into one probability.</summary>
public abstract class VideoAggregator
{
    /// <summary>Probabilities are clamped to this range so that one video never costs an unbounded log-loss.</summary>
    public const double Floor = 0.01, Ceiling = 0.99;

    public abstract string Name { get; }

    /// <summary>The video's fake probability in [<see cref="Floor"/>, <see cref="Ceiling"/>]; null for no faces.</summary>
    public double? Aggregate(IReadOnlyList<double> faceProbabilities)
    {
        if (faceProbabilities.Count == 0)
        {
            return null;
        }

        return Math.Clamp(AggregateCore(faceProbabilities), Floor, Ceiling);
    }

    protected abstract double AggregateCore(IReadOnlyList<double> probabilities);

    /// <summary>The strategy with that name: <c>trimmed-mean</c> (default), <c>mean</c> or <c>confident</c>.</summary>
    public static VideoAggregator FromName(string? name) => (name ?? TrimmedMeanAggregator.StrategyName) switch
    {
        TrimmedMeanAggregator.StrategyName => new TrimmedMeanAggregator(),
        MeanAggregator.StrategyName => new MeanAggregator(),
        ConfidentAggregator.StrategyName => new ConfidentAggregator(),
        var other => throw new ArgumentException(
            $"Unknown aggregation strategy '{other}'. Known: trimmed-mean, mean, confident."),
    };
}

/// <summary>The plain mean over faces.</summary>
public sealed class MeanAggregator : VideoAggregator
{
    public const string StrategyName = "mean";

    public override string Name => StrategyName;

    protected override double AggregateCore(IReadOnlyList<double> probabilities) => probabilities.Average();
}

/// <summary>
/// The seeds' rule: the mean, but with more than 11 faces the 5 lowest and 5 highest are dropped first, so a few
/// detector false positives or bad crops cannot swing the video.
/// </summary>
public sealed class TrimmedMeanAggregator : VideoAggregator
{
    public const string StrategyName = "trimmed-mean";
    private const int MinFacesToTrim = 12, TrimEachSide = 5;

    public override string Name => StrategyName;

    protected override double AggregateCore(IReadOnlyList<double> probabilities)
    {
        if (probabilities.Count < MinFacesToTrim)
        {
            return probabilities.Average();
        }

        return probabilities.Order().Skip(TrimEachSide).SkipLast(TrimEachSide).Average();
    }
}

/// <summary>
/// The DFDC winner's <c>confident_strategy</c>: when many faces are confidently fake, a swap on one face is enough,
/// so average only those; when nearly all are confidently real, average those; otherwise the mean.
/// </summary>
public sealed class ConfidentAggregator : VideoAggregator
{
    public const string StrategyName = "confident";
    private const double FakeCutoff = 0.8, RealCutoff = 0.2;

    public override string Name => StrategyName;

    protected override double AggregateCore(IReadOnlyList<double> probabilities)
    {
        var count = probabilities.Count;
        var confidentFakes = probabilities.Where(p => p > FakeCutoff).ToList();
        // As in the winner's code: more than 40% of faces (sz // 2.5) and more than 11 faces confidently fake.
        if (confidentFakes.Count > Math.Floor(count / 2.5) && confidentFakes.Count > 11)
        {
            return confidentFakes.Average();
        }

        var confidentReals = probabilities.Where(p => p < RealCutoff).ToList();
        if (confidentReals.Count > 0.9 * count)
        {
            return confidentReals.Average();
        }

        return probabilities.Average();
    }
}
