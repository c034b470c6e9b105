using System.Globalization;
using DeepScan.Detection.Members;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepScan.Detection.Tests.Members;

/// <summary>A classifier a user adds with a manifest entry and no code change loads and scores exactly.</summary>
public sealed class UserClassifierTests(UserClassifierModel model) : IClassFixture<UserClassifierModel>, IDisposable
{
    private readonly OnnxRuntime runtime = OnnxRuntime.Load();

    public void Dispose() => runtime.Dispose();

    [Fact]
    public void ManifestEntryAloneMakesAWorkingMember()
    {
        var entry = LoadEntry("user_classifier.onnx");

        using var member = Create(entry);

        Assert.Equal(("my-classifier", 0.75, "cpu"), (member.Name, member.Weight, member.Device));
        var scores = member.PredictFake([
            UserClassifierModel.Solid(20, 20, 200, 30, 90),
            UserClassifierModel.Solid(8, 8, 0, 255, 10),
            UserClassifierModel.Solid(33, 33, 128, 128, 128),
        ]);
        Assert.Equal(UserClassifierModel.ExpectedFake(200, 30, 90), scores[0], 1e-5f);
        Assert.Equal(UserClassifierModel.ExpectedFake(0, 255, 10), scores[1], 1e-5f);
        Assert.Equal(UserClassifierModel.ExpectedFake(128, 128, 128), scores[2], 1e-5f);
    }

    [Fact]
    public void WideCropIsLetterboxedWithBlackBarsNotStretched()
    {
        using var member = Create(LoadEntry("user_classifier.onnx"));

        // 16×8 becomes 8×4 centred in 8×8: half the input is the colour, half black padding.
        var score = member.PredictFake([UserClassifierModel.Solid(16, 8, 250, 100, 0)]).Single();

        Assert.Equal(UserClassifierModel.ExpectedFake(250, 100, 0, coloured: 0.5), score, 1e-5f);
    }

    [Theory]
    [InlineData("user_classifier.onnx")]
    [InlineData("user_classifier_batch2.onnx")]
    public void ANewBatchKeepsNothingOfTheLastOne(string file)
    {
        // The member reuses its input buffer between runs: the wide crop's black bars must not show the bright faces
        // scored before it.
        using var member = Create(LoadEntry(file));
        member.PredictFake([UserClassifierModel.Solid(9, 9, 255, 255, 255), UserClassifierModel.Solid(9, 9, 255, 0, 255)]);

        var score = member.PredictFake([UserClassifierModel.Solid(16, 8, 250, 100, 0)]).Single();

        Assert.Equal(UserClassifierModel.ExpectedFake(250, 100, 0, coloured: 0.5), score, 1e-5f);
    }

    [Theory]
    [InlineData("user_classifier.onnx", 37)]
    [InlineData("user_classifier_batch2.onnx", 5)]
    public void ScoresDoNotDependOnHowFacesAreBatched(string file, int count)
    {
        using var member = Create(LoadEntry(file));
        var faces = Enumerable.Range(0, count)
            .Select(i => UserClassifierModel.Solid(10 + i, 10 + i, (byte)(i * 7), (byte)(255 - i * 5), (byte)(i * 3)))
            .ToArray();

        var together = member.PredictFake(faces);

        var alone = faces.Select(f => member.PredictFake([f]).Single()).ToArray();
        Assert.Equal(alone, together);
        Assert.Equal(UserClassifierModel.ExpectedFake(7 * 4, 255 - 5 * 4, 3 * 4), together[4], 1e-5f);
    }

    [Fact]
    public void NoFacesGiveNoScores()
    {
        using var member = Create(LoadEntry("user_classifier.onnx"));

        Assert.Empty(member.PredictFake([]));
    }

    [Fact]
    public void OutputIndexBeyondTheModelsOutputIsReportedWithTheMember()
    {
        using var member = Create(LoadEntry("user_classifier.onnx") with { OutputIndex = 2 });

        var error = Assert.Throws<ModelSetupException>(() =>
            member.PredictFake([UserClassifierModel.Solid(8, 8, 1, 2, 3)]));
        Assert.Contains("'my-classifier'", error.Message);
        Assert.Contains("outputIndex 2", error.Message);
    }

    [Fact]
    public void InputSizeTheModelDoesNotTakeIsRefusedAtLoad()
    {
        var entry = LoadEntry("user_classifier.onnx") with { InputSize = 16 };

        var error = Assert.Throws<ModelSetupException>(() => Create(entry));

        Assert.Contains("'my-classifier'", error.Message);
        Assert.Contains("inputSize and layout", error.Message);
    }

    [Fact]
    public void WrongLayoutIsRefusedAtLoad()
    {
        var entry = LoadEntry("user_classifier.onnx") with { Layout = "nhwc" };

        var error = Assert.Throws<ModelSetupException>(() => Create(entry));

        Assert.Contains("NHWC [N, 8, 8, 3]", error.Message);
    }

    private IEnsembleMember Create(MemberEntry entry) =>
        EnsembleMemberFactory.Create(entry, model.Directory, runtime, new OnnxSessionOptions(), NullLogger.Instance);

    /// <summary>Writes a manifest with one entry for <paramref name="file"/>, as a user would; reads it back.</summary>
    private MemberEntry LoadEntry(string file)
    {
        string Floats(float[] values) =>
            string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        var manifest = Path.Combine(model.Directory, $"manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(manifest, $$"""
            {
              "schemaVersion": 1, "files": [], "detectors": [], "defaultDetector": "none",
              "members": [
                { "name": "my-classifier", "kind": "onnx-image", "file": "{{file}}", "inputSize": 8,
                  "layout": "nchw", "mean": [{{Floats(UserClassifierModel.ImageNetMean)}}],
                  "std": [{{Floats(UserClassifierModel.ImageNetStd)}}], "outputIndex": 1, "outputMeans": "fake",
                  "weight": 0.75 }
              ]
            }
            """);
        return ModelManifest.Load(manifest).Members.Single();
    }
}
