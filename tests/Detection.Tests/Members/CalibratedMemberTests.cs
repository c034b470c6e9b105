using System.Text.Json.Nodes;
using DeepScan.Detection.Engine;
using DeepScan.Detection.Imaging;
using DeepScan.Detection.Models;
using DeepScan.Detection.Scoring;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepScan.Detection.Tests.Members;

/// <summary>A manifest member's Platt calibration: its formula, its validation, and that the engine applies it.</summary>
public sealed class CalibratedMemberTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("deepscan-calibration").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The repository manifest with no member calibrated but meso4-df, by <paramref name="calibration"/>
    /// (none when null).</summary>
    private string Manifest(JsonNode? calibration)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(TestPaths.Manifest))!;
        foreach (var entry in manifest["members"]!.AsArray())
        {
            entry!.AsObject().Remove("calibration");
        }

        if (calibration is not null)
        {
            manifest["members"]!.AsArray().Single(m => (string?)m!["name"] == "meso4-df")!["calibration"] = calibration;
        }

        var path = Path.Combine(_folder, $"manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, manifest.ToJsonString());
        return path;
    }

    [Theory]
    [InlineData(1, 0, 0.3, 0.3)]
    [InlineData(2, 0, 0.75, 0.9)] // logit 0.75 = ln 3; sigmoid(2 ln 3) = 9/10
    [InlineData(1, 1.0986122886681098, 0.5, 0.75)] // b = ln 3
    [InlineData(0.5, 0, 0.9, 0.75)] // sigmoid(ln 9 / 2) = 3/4
    public void PlattScalingIsTheSigmoidOfAScaledShiftedLogit(double a, double b, float p, double expected) =>
        Assert.Equal(expected, new PlattCalibration(a, b).Apply(p), 5);

    [Fact]
    public void CertaintyStaysFiniteAndUnscoredStaysUnscored()
    {
        var calibration = new PlattCalibration(0.5, 0.2);

        Assert.InRange(calibration.Apply(0), 1e-5, 0.01);
        Assert.InRange(calibration.Apply(1), 0.99, 1 - 1e-5);
        Assert.True(float.IsNaN(calibration.Apply(float.NaN)));
    }

    [Theory]
    [InlineData("""{ "method": "isotonic", "a": 1, "b": 0 }""", "method 'isotonic'")]
    [InlineData("""{ "method": "platt", "a": 1 }""", "needs both")]
    [InlineData("""{ "method": "platt", "b": 0 }""", "needs both")]
    [InlineData("""{ "method": "platt", "a": 0, "b": 0 }""", "a = 0")]
    [InlineData("""{ "method": "platt", "a": -1.5, "b": 0 }""", "a = -1.5")]
    [InlineData("""{ "a": 1, "b": 0 }""", "method ''")]
    public void ABadCalibrationStopsTheManifestLoadNamingTheMember(string calibration, string problem)
    {
        var error = Assert.Throws<ModelSetupException>(() => ModelManifest.Load(Manifest(JsonNode.Parse(calibration))));

        Assert.Contains("'meso4-df'", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public async Task TheEngineCalibratesTheMembersScoresBeforeTheEnsembleCombinesThem()
    {
        var calibrated = Manifest(JsonNode.Parse("""{ "method": "Platt", "a": 2.5, "b": -0.75 }"""));
        var options = new DetectionOptions { Members = ["meso4-df", "mesoinception-df"] };
        var faces = new[]
        {
            await ImageFileReader.ReadAsync(TestPaths.Face("fake/mesonet-df00204.jpg"), CancellationToken.None),
            await ImageFileReader.ReadAsync(TestPaths.Face("real/mesonet-real00240.jpg"), CancellationToken.None),
        };
        using var plain = DetectionEngine.Create(
            options, new DeepScanPaths(TestPaths.ModelDir, Manifest(null)), NullLoggerFactory.Instance);
        using var engine = DetectionEngine.Create(
            options, new DeepScanPaths(TestPaths.ModelDir, calibrated), NullLoggerFactory.Instance);

        var before = await plain.ScoreCropsAsync(faces, CancellationToken.None);
        var after = await engine.ScoreCropsAsync(faces, CancellationToken.None);

        Assert.Equal(["meso4-df", "mesoinception-df"], engine.MemberNames);
        foreach (var (b, a) in before.Zip(after))
        {
            Assert.Equal(new PlattCalibration(2.5, -0.75).Apply(b.MemberScores[0]), a.MemberScores[0], 6);
            Assert.NotEqual(b.MemberScores[0], a.MemberScores[0]);
            Assert.Equal(b.MemberScores[1], a.MemberScores[1]);
            Assert.Equal(EnsembleScorer.Combine(a.MemberScores, engine.Weights), a.FakeProbability, 6);
        }
    }
}
