using DeepScan.Detection.Engine;
using DeepScan.Detection.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepScan.Detection.Tests.Engine;

/// <summary>A user without the research data the spectrum model is trained from still gets a working engine.</summary>
public sealed class OptionalMemberTests : IDisposable
{
    private readonly string _models = Directory.CreateTempSubdirectory("deepscan-models").FullName;

    public OptionalMemberTests()
    {
        // Every installed model but the spectrum member's, as a clone without ../shared/data would have them.
        foreach (var folder in new[] { "blazeface", "mesonet" })
        {
            Directory.CreateSymbolicLink(Path.Combine(_models, folder), Path.Combine(TestPaths.ModelDir, folder));
        }
    }

    /// <summary>Two required members whose models the test folder links, and the optional spectrum model it lacks.</summary>
    private static readonly DetectionOptions MesoNetAndSpectrum = new() { Members = ["meso4-df", "mesoinception-df", "spectrum"] };

    [Fact]
    public void AbsentOptionalMemberIsLeftOutAndTheOthersRun()
    {
        var manifest = ModelManifest.Load(TestPaths.Manifest);
        Assert.True(manifest.Members.Single(m => m.Name == "spectrum").Optional);

        using var engine = DetectionEngine.Create(
            MesoNetAndSpectrum, new DeepScanPaths(_models, TestPaths.Manifest), NullLoggerFactory.Instance);

        Assert.Equal(["meso4-df", "mesoinception-df"], engine.MemberNames);
    }

    [Fact]
    public void ChosenMembersThatValidationLeftAtWeightZeroAreWeighedEqually()
    {
        var manifest = ModelManifest.Load(TestPaths.Manifest);
        Assert.Equal(0, manifest.Members.Single(m => m.Name == "meso4-df").Weight);
        Assert.Equal(0, manifest.Members.Single(m => m.Name == "mesoinception-df").Weight);

        using var engine = DetectionEngine.Create(
            MesoNetAndSpectrum, new DeepScanPaths(_models, TestPaths.Manifest), NullLoggerFactory.Instance);

        Assert.Equal([1.0, 1.0], engine.Weights);
    }

    [Fact]
    public void AbsentRequiredMemberIsStillAClearSetupError()
    {
        var paths = new DeepScanPaths(_models, TestPaths.Manifest);
        Directory.Delete(Path.Combine(_models, "mesonet"));

        var error = Assert.Throws<ModelSetupException>(
            () => DetectionEngine.Create(MesoNetAndSpectrum, paths, NullLoggerFactory.Instance));
        Assert.Contains("setup.sh", error.Message);
    }

    public void Dispose() => Directory.Delete(_models, recursive: true);
}
