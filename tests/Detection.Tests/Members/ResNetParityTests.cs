using System.Reflection;
using System.Text.Json;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;
using DeepScan.Detection.Tests.Onnx;

namespace DeepScan.Detection.Tests.Members;

/// <summary>
/// The training tool's torch models against ONNX Runtime on the same input: the ImageNet ResNet-18 as converted from
/// NuGet's ONNX file (tools/train/backbone.py), and the trained <c>resnet18-sbi</c> member as exported. Both must agree
/// to 1e-4, or the model the engine serves is not the one that was trained and measured.
/// </summary>
[Collection(OnnxCollection.Name)]
public sealed class ResNetParityTests(OnnxFixture fixture)
{
    private const int Size = 224;

    /// <summary>Measured 2026-12-06: 4e-4 on an AVX-512 VNNI CPU. The float member's logits are 0.02 and 0.08 away
    /// from the copy's on this input, so a wrong file or a graph run in float fails.</summary>
    private const float Int8Tolerance = 0.01f;

    [Fact]
    public void NuGetResNet18MatchesTheTorchConversion()
    {
        var expected = ReadFloats(Path.Combine(TestPaths.RepoRoot, "tools", "train", "fixtures", "resnet18_features.json"), "features");
        using var session = fixture.Runtime.OpenSession(BackbonePath());

        var input = ReferenceInput.Create(1, Size);
        var output = session.Run([new NamedTensor(session.Inputs[0].Name, input, [1, 3, Size, Size])])[0];

        Assert.Equal(new long[] { 1, 512, 1, 1 }, output.Shape);
        AssertClose(expected, output.Data, 1e-4f);
    }

    [Fact]
    public void TrainedMemberMatchesTorchAndTakesAnyBatch()
    {
        var reference = Path.Combine(TestPaths.RepoRoot, "models", "resnet18-sbi", "reference.json");
        var expected = ReadFloats(reference, "logits");
        var size = ReadSize(reference);
        using var session = fixture.Runtime.OpenSession(Path.Combine(TestPaths.ModelDir, "resnet18-sbi", "resnet18_sbi.onnx"));

        var input = ReferenceInput.Create(2, size);
        var both = session.Run([new NamedTensor("input", input, [2, 3, size, size])])[0];
        var second = session.Run([new NamedTensor("input", input[(3 * size * size)..], [1, 3, size, size])])[0];

        Assert.Equal(size, ModelManifest.Load(TestPaths.Manifest).Members.Single(m => m.Name == "resnet18-sbi").InputSize);
        Assert.Equal(new long[] { 2, 1 }, both.Shape);
        AssertClose(expected, both.Data, 1e-4f);
        AssertClose([expected[1]], second.Data, 1e-4f);
    }

    /// <summary>
    /// The int8 copy the CPU runs (tools/train/quantize.py) against the quantizer's own reading of its QDQ graph. ONNX
    /// Runtime fuses each QuantizeLinear/DequantizeLinear-wrapped convolution into one integer convolution that rounds
    /// differently from the quantizer's float simulation, so they agree to a rounding step, not to 1e-4; a kernel that
    /// saturates or a graph run another way is far outside that.
    /// </summary>
    [Fact]
    public void Int8CopyRunsAsTheQuantizerComputedIt()
    {
        var reference = Path.Combine(TestPaths.RepoRoot, "models", "resnet18-sbi", "reference.int8.json");
        var expected = ReadFloats(reference, "logits");
        var size = ReadSize(reference);
        var member = ModelManifest.Load(TestPaths.Manifest).Members.Single(m => m.Name == "resnet18-sbi");
        using var session = fixture.Runtime.OpenSession(Path.Combine(TestPaths.ModelDir, member.CpuFile!));

        var input = ReferenceInput.Create(2, size);
        var output = session.Run([new NamedTensor("input", input, [2, 3, size, size])])[0];

        Assert.Equal(new long[] { 2, 1 }, output.Shape);
        var worst = expected.Zip(output.Data).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst <= Int8Tolerance, $"int8 logits differ from the quantizer's by {worst:F4}");
    }

    /// <summary>The package's ONNX file in the NuGet cache; the test project restores the package (PackageDownload).</summary>
    private static string BackbonePath()
    {
        var root = typeof(ResNetParityTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        return Path.Combine(root, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.24.0", "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");
    }

    /// <summary>The input side the member was exported for (tools/train's --size); 224 before the file said.</summary>
    private static int ReadSize(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.TryGetProperty("size", out var size) ? size.GetInt32() : Size;
    }

    private static float[] ReadFloats(string path, string property)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty(property).EnumerateArray().Select(e => e.GetSingle()).ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second) / Math.Max(1f, Math.Abs(p.First)));
        Assert.True(worst <= tolerance, $"largest relative difference {worst:E2} exceeds {tolerance:E0}");
    }
}
