using DeepScan.Detection.Members;
using DeepScan.Detection.Models;

namespace DeepScan.Detection.Tests.Members;

public sealed class ImageClassifierSettingsTests
{
    private static readonly MemberEntry Entry = new("m", "onnx-image", "m.onnx", 1);

    [Theory]
    [InlineData("fake", false, 0.8f, 0.8f)]
    [InlineData("real", false, 0.8f, 0.2f)]
    [InlineData("fake", true, 0f, 0.5f)]
    [InlineData("fake", true, 2f, 0.880797f)]
    [InlineData("real", true, 2f, 0.119203f)]
    [InlineData("REAL", false, 1f, 0f)]
    public void ScoreBecomesFakeProbability(string means, bool logit, float score, float expected)
    {
        var settings = ImageClassifierSettings.FromEntry(Entry with { OutputMeans = means, OutputIsLogit = logit });

        Assert.Equal(expected, settings.FakeProbability(score), 1e-6f);
    }

    [Theory]
    [InlineData(null, new long[] { 4, 3, 224, 224 })]
    [InlineData("nchw", new long[] { 4, 3, 224, 224 })]
    [InlineData("NHWC", new long[] { 4, 224, 224, 3 })]
    public void LayoutDefaultsToNchw(string? layout, long[] shape)
    {
        var settings = ImageClassifierSettings.FromEntry(Entry with { Layout = layout, InputSize = 224 });

        Assert.Equal(shape, settings.InputShape(4));
    }

    [Fact]
    public void UnsetMeanAndStdKeepPixelsInUnitRange()
    {
        var settings = ImageClassifierSettings.FromEntry(Entry);

        Assert.Equal([0f, 0f, 0f], settings.Mean);
        Assert.Equal([1f, 1f, 1f], settings.Std);
    }

    public static TheoryData<MemberEntry, string> InvalidEntries => new()
    {
        { Entry with { Layout = "chw" }, "layout 'chw'" },
        { Entry with { OutputMeans = "deepfake" }, "outputMeans 'deepfake'" },
        { Entry with { InputSize = 0 }, "inputSize 0" },
        { Entry with { OutputIndex = -1 }, "outputIndex -1" },
        { Entry with { Mean = [0.5f] }, "three values" },
        { Entry with { Std = [1f, 0f, 1f] }, "non-zero" },
        { Entry with { Mean = [float.NaN, 0, 0] }, "finite" },
    };

    [Theory]
    [MemberData(nameof(InvalidEntries))]
    public void InvalidFieldIsNamedWithTheMember(MemberEntry entry, string problem)
    {
        var error = Assert.Throws<ModelSetupException>(() => ImageClassifierSettings.FromEntry(entry));

        Assert.StartsWith("Model manifest member 'm':", error.Message);
        Assert.Contains(problem, error.Message);
    }
}
