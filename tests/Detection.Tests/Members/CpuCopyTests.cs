using System.Text.Json.Nodes;
using DeepScan.Detection.Members;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;
using DeepScan.Detection.Tests.Onnx;
using DeepScan.Detection.Tests.Spectrum;

namespace DeepScan.Detection.Tests.Members;

/// <summary>Which file an <c>onnx-image</c> member runs: its int8 <see cref="MemberEntry.CpuFile"/> on the CPU, its
/// float file where the entry has no copy; a CUDA request that falls back to the CPU runs the copy too.</summary>
[Collection(OnnxCollection.Name)]
public sealed class CpuCopyTests(OnnxFixture fixture)
{
    private static readonly MemberEntry ResNet =
        ModelManifest.Load(TestPaths.Manifest).Members.Single(m => m.Name == "resnet18-sbi");

    [Fact]
    public void TheCpuRunsTheInt8Copy()
    {
        using var member = OnnxImageClassifier.Open(ResNet, TestPaths.ModelDir, fixture.Runtime);

        Assert.Equal(("cpu", "resnet18_sbi.int8.onnx"), (member.Device, member.Model));
    }

    [Fact]
    public void CudaFallingBackToTheCpuRunsTheInt8Copy()
    {
        // This build carries the CPU-only ONNX Runtime, so CUDA always falls back here.
        using var member = OnnxImageClassifier.Open(
            ResNet, TestPaths.ModelDir, fixture.Runtime, new OnnxSessionOptions(ExecutionDevice.Cuda));

        Assert.Equal(("cpu", "resnet18_sbi.int8.onnx"), (member.Device, member.Model));
    }

    [Fact]
    public void WithoutACopyTheCpuRunsTheFloatFile()
    {
        using var member = OnnxImageClassifier.Open(ResNet with { CpuFile = null }, TestPaths.ModelDir, fixture.Runtime);

        Assert.Equal("resnet18_sbi.onnx", member.Model);
    }

    [Fact]
    public void AMissingCopyNamesItsPathAndSetup()
    {
        var entry = ResNet with { CpuFile = "resnet18-sbi/absent.int8.onnx" };

        var error = Assert.Throws<ModelSetupException>(() => OnnxImageClassifier.Open(entry, TestPaths.ModelDir, fixture.Runtime));

        Assert.Contains(Path.Combine("resnet18-sbi", "absent.int8.onnx"), error.Message);
        Assert.Contains("./setup.sh", error.Message);
    }

    [Fact]
    public void CudaFallingBackToAMissingCopyIsASetupProblemOfTheMember()
    {
        var entry = ResNet with { CpuFile = "resnet18-sbi/absent.int8.onnx" };

        // The float file exists, so only the fallback finds the copy missing (this build always falls back).
        var error = Assert.Throws<ModelSetupException>(() => OnnxImageClassifier.Open(
            entry, TestPaths.ModelDir, fixture.Runtime, new OnnxSessionOptions(ExecutionDevice.Cuda)));

        Assert.Contains(Path.Combine("resnet18-sbi", "absent.int8.onnx"), error.Message);
        Assert.Contains("'resnet18-sbi'", error.Message);
        Assert.IsType<OnnxRuntimeException>(error.InnerException);
    }

    [Theory]
    [InlineData("spectrum", "spectrum/spectrum.int8.onnx")]
    [InlineData("resnet18-sbi", "resnet18-sbi/resnet18_sbi.onnx")]
    public void ACpuFileOutsideAnOnnxImageMemberOrEqualToItsFileStopsTheLoad(string member, string cpuFile)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(TestPaths.Manifest))!;
        manifest["members"]!.AsArray().Single(m => (string?)m!["name"] == member)!["cpuFile"] = cpuFile;
        var path = Path.Combine(Path.GetTempPath(), $"deepscan-manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, manifest.ToJsonString());
        try
        {
            var error = Assert.Throws<ModelSetupException>(() => ModelManifest.Load(path));

            Assert.Contains($"'{member}'", error.Message);
            Assert.Contains("cpuFile", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheCopyScoresFacesAsTheFloatModelRanksThem()
    {
        // Every 12th face crop of the measuring set (never trained on): the copy must order them as the float model
        // does, or the int8 grid has lost what the member looks for.
        var faces = File.ReadLines(TestPaths.Face("labels.csv")).Skip(1).Where((_, i) => i % 12 == 0)
            .Select(row => FfmpegTestDecoder.Decode(TestPaths.Face(row.Split(',')[0]))).ToArray();
        using var copy = OnnxImageClassifier.Open(ResNet, TestPaths.ModelDir, fixture.Runtime);
        using var full = OnnxImageClassifier.Open(ResNet with { CpuFile = null }, TestPaths.ModelDir, fixture.Runtime);

        var fromCopy = copy.PredictFake(faces);
        var fromFull = full.PredictFake(faces);

        // Measured 2026-12-06: rank correlation 0.975, mean |difference| 0.042, largest 0.16 (near 0.5, where a logit
        // step moves the probability most). The videos' AUC and log-loss are measured by `deepscan eval` (README).
        var correlation = RankCorrelation(fromCopy, fromFull);
        var meanDifference = fromCopy.Zip(fromFull).Average(p => Math.Abs(p.First - p.Second));
        Assert.Equal(24, faces.Length);
        Assert.True(correlation >= 0.9, $"rank correlation {correlation:F3}");
        Assert.True(meanDifference <= 0.06, $"mean |difference| {meanDifference:F3}");
    }

    /// <summary>Spearman's rank correlation (no ties among float scores of distinct faces).</summary>
    private static double RankCorrelation(float[] a, float[] b)
    {
        var (ra, rb) = (Ranks(a), Ranks(b));
        var n = (double)a.Length;
        return 1 - (6 * ra.Zip(rb).Sum(p => (p.First - p.Second) * (p.First - p.Second)) / (n * (n * n - 1)));
    }

    private static double[] Ranks(float[] values)
    {
        var ranks = new double[values.Length];
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        for (var rank = 0; rank < order.Length; rank++)
        {
            ranks[order[rank]] = rank;
        }

        return ranks;
    }
}
