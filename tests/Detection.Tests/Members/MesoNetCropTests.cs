namespace DeepScan.Detection.Tests.Members;

/// <summary>The converted Meso4_DF puts MesoNet's own labelled test crops on the right side of 0.5.</summary>
[Collection(MesoNetCollection.Name)]
public sealed class MesoNetCropTests(MesoNetFixture fixture)
{
    [Fact]
    public void Meso4DfScoresTheMesoNetTestCropsOnTheirSide()
    {
        using var member = fixture.Create("meso4-df");

        var scores = member.PredictFake(fixture.Crops);

        for (var i = 0; i < scores.Length; i++)
        {
            var isFake = MesoNetFixture.TestCrops[i].StartsWith("fake/", StringComparison.Ordinal);
            Assert.True(
                isFake ? scores[i] > 0.5f : scores[i] < 0.5f,
                $"{MesoNetFixture.TestCrops[i]}: P(fake) = {scores[i]}");
        }
    }
}
