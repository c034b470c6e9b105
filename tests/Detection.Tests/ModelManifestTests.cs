using DeepScan.Detection.Models;

namespace DeepScan.Detection.Tests;

public sealed class ModelManifestTests
{
    [Fact]
    public void RepositoryManifestLoadsAndNamesItsDefaultDetector()
    {
        var manifest = ModelManifest.Load(TestPaths.Manifest);

        Assert.Equal("blazeface", manifest.Detector(null).Name);
        Assert.All(manifest.Files, f => Assert.Matches("^[0-9a-f]{64}$", f.Sha256));
        Assert.Contains(manifest.Members, m => m.Enabled);
    }

    [Fact]
    public void UnknownDetectorIsAClearError()
    {
        var manifest = ModelManifest.Load(TestPaths.Manifest);

        var error = Assert.Throws<UnknownModelException>(() => manifest.Detector("mtcnn"));
        Assert.Contains("blazeface", error.Message);
    }

    [Fact]
    public void MissingManifestNamesTheFix()
    {
        var error = Assert.Throws<ModelSetupException>(() => ModelManifest.Load("/nonexistent/manifest.json"));
        Assert.Contains("setup.sh", error.Message);
    }
}
