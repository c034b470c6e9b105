using DeepScan.Detection.Scoring;

namespace DeepScan.Detection.Tests.Scoring;

public sealed class VideoAggregatorTests
{
    [Fact]
    public void NoFacesIsNullNeverAHalf()
    {
        foreach (var name in new[] { "trimmed-mean", "mean", "confident" })
        {
            Assert.Null(VideoAggregator.FromName(name).Aggregate([]));
        }
    }

    [Theory]
    [InlineData(new[] { 0.2, 0.4 }, 0.3)]
    [InlineData(new[] { 0.0, 0.0 }, 0.01)]
    [InlineData(new[] { 1.0 }, 0.99)]
    public void ElevenOrFewerFacesUseThePlainClampedMean(double[] faces, double expected)
    {
        Assert.Equal(expected, new TrimmedMeanAggregator().Aggregate(faces)!.Value, 10);
    }

    [Fact]
    public void TwelveOrMoreFacesDropTheFiveLowestAndFiveHighest()
    {
        // Five outliers at each end would pull the plain mean; only the middle two count.
        double[] faces = [0, 0, 0, 0, 0, 0.4, 0.6, 0.9, 0.9, 0.9, 0.9, 0.9];

        Assert.Equal(0.5, new TrimmedMeanAggregator().Aggregate(faces)!.Value, 10);
        Assert.Equal(5.5 / 12, new MeanAggregator().Aggregate(faces)!.Value, 10);
    }

    [Fact]
    public void ConfidentAveragesOnlyConfidentFakesWhenThereAreMany()
    {
        var faces = Enumerable.Repeat(0.9, 12).Concat(Enumerable.Repeat(0.1, 8)).ToList();

        Assert.Equal(0.9, new ConfidentAggregator().Aggregate(faces)!.Value, 10);
    }

    [Fact]
    public void ConfidentAveragesConfidentRealsWhenNearlyAllAreReal()
    {
        var faces = Enumerable.Repeat(0.1, 19).Append(0.7).ToList();

        Assert.Equal(0.1, new ConfidentAggregator().Aggregate(faces)!.Value, 10);
    }

    [Fact]
    public void ConfidentFallsBackToTheMean()
    {
        Assert.Equal(0.5, new ConfidentAggregator().Aggregate([0.3, 0.5, 0.7])!.Value, 10);
    }

    [Fact]
    public void UnknownStrategyNamesTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => VideoAggregator.FromName("median"));
        Assert.Contains("trimmed-mean", error.Message);
    }
}
