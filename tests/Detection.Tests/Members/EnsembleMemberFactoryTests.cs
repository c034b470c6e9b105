using DeepScan.Detection.Members;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepScan.Detection.Tests.Members;

public sealed class EnsembleMemberFactoryTests : IDisposable
{
    private readonly OnnxRuntime runtime = OnnxRuntime.Load();
    private readonly string emptyDir = Directory.CreateTempSubdirectory("deepscan-members-").FullName;

    public void Dispose()
    {
        runtime.Dispose();
        Directory.Delete(emptyDir, recursive: true);
    }

    [Fact]
    public void UnknownKindNamesTheMemberAndTheKnownKinds()
    {
        var entry = new MemberEntry("odd-one", "tflite", "odd.tflite", 1);

        var error = Assert.Throws<ModelSetupException>(() => Create(entry, emptyDir));

        Assert.Contains("'odd-one'", error.Message);
        Assert.Contains("'tflite'", error.Message);
        Assert.Contains("onnx-image, spectrum", error.Message);
    }

    [Fact]
    public void MissingImageModelNamesTheFileAndSetup()
    {
        var entry = new MemberEntry("meso4-df", "onnx-image", "mesonet/meso4_df.onnx", 0.5);

        var error = Assert.Throws<ModelSetupException>(() => Create(entry, emptyDir));

        Assert.Contains(Path.Combine(emptyDir, "mesonet", "meso4_df.onnx"), error.Message);
        Assert.Contains("run ./setup.sh", error.Message);
    }

    [Fact]
    public void SpectrumKindGoesToTheSpectrumClassifier()
    {
        var entry = new MemberEntry("spectrum", "spectrum", "spectrum/spectrum.json", 0.8);

        var error = Assert.Throws<ModelSetupException>(() => Create(entry, emptyDir));

        Assert.StartsWith("Spectrum model not found", error.Message);
    }

    [Fact]
    public void InstalledManifestMembersAllLoad()
    {
        var manifest = ModelManifest.Load(TestPaths.Manifest);
        foreach (var entry in manifest.Members.Where(m => m.Kind == OnnxImageClassifier.MemberKind))
        {
            using var member = Create(entry, TestPaths.ModelDir);
            Assert.Equal(
                (entry.Name, entry.Weight, "cpu", Path.GetFileName(entry.CpuFile ?? entry.File)),
                (member.Name, member.Weight, member.Device, member.Model));
        }
    }

    private IEnsembleMember Create(MemberEntry entry, string modelDir) =>
        EnsembleMemberFactory.Create(entry, modelDir, runtime, new OnnxSessionOptions(), NullLogger.Instance);
}
