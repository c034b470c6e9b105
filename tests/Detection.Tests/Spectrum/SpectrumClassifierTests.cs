using System.Text.Json;
using DeepScan.Detection.Models;
using DeepScan.Detection.Spectrum;

namespace DeepScan.Detection.Tests.Spectrum;

public sealed class SpectrumClassifierTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("spectrum-classifier-").FullName;

    private static MemberEntry ManifestEntry =>
        ModelManifest.Load(TestPaths.Manifest).Members.Single(m => m.Kind == SpectrumClassifier.MemberKind);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void InstalledModelReproducesSklearnOnItsValidationRows()
    {
        using var classifier = SpectrumClassifier.Load(ManifestEntry, TestPaths.ModelDir);

        AssertMatchesChecks(classifier, Path.Combine(TestPaths.ModelDir, ManifestEntry.File));
    }

    [Theory]
    [InlineData("svm-rbf")]
    [InlineData("logistic")]
    public void EachModelKindReproducesSklearnOnItsValidationRows(string kind)
    {
        // Trained here on the precomputed FaceForensics++ rows only (fast), saving the requested candidate.
        var data = Directory.CreateDirectory(Path.Combine(_scratch, "data")).FullName;
        var shared = Path.Combine(TestPaths.Shared, "data", "spectrum");
        Directory.CreateSymbolicLink(Path.Combine(data, "spectrum"), shared);
        var models = Path.Combine(_scratch, "models");
        ExternalTool.RunSpectrumTool("train.py", "--manifest", TestPaths.Manifest, "--model-dir", models,
            "--data-dir", data, "--kind", kind);

        using var classifier = SpectrumClassifier.Load(ManifestEntry, models);

        var path = Path.Combine(models, ManifestEntry.File);
        Assert.Equal(kind, ReadDocument(path).Kind);
        AssertMatchesChecks(classifier, path);
    }

    [Fact]
    public void MemberTakesNameAndWeightFromItsManifestEntry()
    {
        var entry = ManifestEntry with { Weight = 0.25 };

        using var classifier = SpectrumClassifier.Load(entry, TestPaths.ModelDir);

        Assert.Equal(("spectrum", 0.25, "cpu"), (classifier.Name, classifier.Weight, classifier.Device));
    }

    [Fact]
    public void PredictFakeScoresFaceCropsAsTheModelScoresReferenceFeatures()
    {
        using var classifier = SpectrumClassifier.Load(ManifestEntry, TestPaths.ModelDir);
        var faces = new[] { "real/mesonet-real00240.jpg", "fake/dfdc-aapnvogymq-001-00.png" }
            .Select(f => FfmpegTestDecoder.Decode(TestPaths.Face(f))).ToArray();

        var scores = classifier.PredictFake(faces);

        for (var i = 0; i < faces.Length; i++)
        {
            var expected = classifier.FakeProbability(SpectrumFeaturesTests.ReferenceFeatures(faces[i]));
            Assert.InRange(scores[i], 0f, 1f);
            Assert.Equal(expected, scores[i], 1e-6);
        }
    }

    [Fact]
    public void CropsTooSmallToScoreGetNaN()
    {
        using var classifier = SpectrumClassifier.Load(ManifestEntry, TestPaths.ModelDir);

        var scores = classifier.PredictFake(
            [SpectrumFeaturesTests.Noise(20, 200, seed: 1), SpectrumFeaturesTests.Noise(60, 60, seed: 2)]);

        Assert.True(float.IsNaN(scores[0]));
        Assert.False(float.IsNaN(scores[1]));
    }

    [Fact]
    public void MissingModelFileNamesTheFix()
    {
        var error = Assert.Throws<ModelSetupException>(() => SpectrumClassifier.Load(ManifestEntry, _scratch));

        Assert.Contains("setup.sh", error.Message);
        Assert.Contains("spectrum.json", error.Message);
    }

    [Fact]
    public void EntryOfAnotherKindIsRefused()
    {
        var error = Assert.Throws<ModelSetupException>(
            () => SpectrumClassifier.Load(ManifestEntry with { Kind = "onnx-image" }, TestPaths.ModelDir));

        Assert.Contains("onnx-image", error.Message);
    }

    private const string Header = "'schemaVersion': 1, 'featureCount': 300, 'classes': ['REAL', 'FAKE'], ";

    /// <summary>Model files with one thing wrong each (single quotes stand for double) and what the error says.</summary>
    public static TheoryData<string, string> MalformedModels => new()
    {
        {
            "{ " + Header + "'kind': 'svm-rbf', 'fakeClass': 'FAKE', 'svm': { 'gamma': 0.86, 'intercept': 0, "
            + "'probA': -2, 'probB': 0, 'dualCoefficients': [1, 2], 'supportVectors': [[1]] } }",
            "one dual coefficient per support vector"
        },
        { "{ " + Header + "'kind': 'logistic', 'fakeClass': 'FAKE' }", "without its parameters" },
        {
            "{ " + Header + "'kind': 'logistic', 'fakeClass': 'fake', "
            + "'logistic': { 'mean': [], 'scale': [], 'coefficients': [], 'intercept': 0 } }",
            "fakeClass"
        },
        { "{ " + Header + "'kind': 'svm-rbf' }", "not valid JSON" },
        { "{ 'kind': ", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(MalformedModels))]
    public void MalformedModelFilesAreClearErrors(string json, string expected)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_scratch, "spectrum")).FullName;
        File.WriteAllText(Path.Combine(directory, "spectrum.json"), json.Replace('\'', '"'));

        var error = Assert.Throws<ModelSetupException>(() => SpectrumClassifier.Load(ManifestEntry, _scratch));

        Assert.Contains(expected, error.Message);
        Assert.Contains("setup.sh", error.Message);
    }

    private static SpectrumModelDocument ReadDocument(string path) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), SpectrumModelJsonContext.Default.SpectrumModelDocument)!;

    private static void AssertMatchesChecks(SpectrumClassifier classifier, string path)
    {
        var checks = ReadDocument(path).Checks;
        Assert.NotNull(checks);
        Assert.NotEmpty(checks);
        foreach (var check in checks)
        {
            Assert.Equal(check.FakeProbability, classifier.FakeProbability(check.Features), 1e-6);
        }
    }
}
