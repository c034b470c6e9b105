using DeepScan.Detection.Scoring;

namespace DeepScan.Detection.Tests.Scoring;

public sealed class EnsembleScorerTests
{
    [Fact]
    public void WeightsEachMemberByItsValidationAccuracy()
    {
        // The seed's weights: 0.616 for the CNN, 0.707 for the spectrum model.
        var p = EnsembleScorer.Combine([0.9f, 0.2f], [0.616, 0.707]);

        Assert.Equal((0.9 * 0.616 + 0.2 * 0.707) / (0.616 + 0.707), p, 5);
    }

    [Fact]
    public void MemberThatCouldNotScoreIsLeftOutOfBothSums()
    {
        Assert.Equal(0.3f, EnsembleScorer.Combine([float.NaN, 0.3f], [0.9, 0.5]), 5);
    }

    [Fact]
    public void NoScoringMemberGivesNaNNotAHalf()
    {
        Assert.True(float.IsNaN(EnsembleScorer.Combine([float.NaN], [1.0])));
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => EnsembleScorer.Combine([0.1f], [1.0, 2.0]));
    }
}
