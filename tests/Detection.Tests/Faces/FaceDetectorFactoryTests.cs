using DeepScan.Detection.Faces;
using DeepScan.Detection.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepScan.Detection.Tests.Faces;

[Collection(FaceDetectorCollection.Name)]
public sealed class FaceDetectorFactoryTests(FaceDetectorFixture fixture)
{
    [Theory]
    [InlineData("blazeface", typeof(BlazeFaceDetector))]
    [InlineData("yunet", typeof(YuNetDetector))]
    [InlineData("ultraface", typeof(UltraFaceDetector))]
    public void BuildsTheDetectorTheManifestNames(string name, Type expected)
    {
        using var detector = Create(fixture.Manifest.Detector(name));

        Assert.IsType(expected, detector);
        Assert.Equal(name, detector.Name);
    }

    [Fact]
    public void UnknownKindIsASetupErrorNamingTheKnownKinds()
    {
        var entry = fixture.Manifest.Detector("yunet") with { Kind = "retinaface" };

        var error = Assert.Throws<ModelSetupException>(() => Create(entry));

        Assert.Contains("retinaface", error.Message);
        Assert.Contains("blazeface, yunet, ultraface", error.Message);
    }

    [Fact]
    public void MissingModelFileIsASetupErrorPointingAtSetup()
    {
        var entry = fixture.Manifest.Detector("yunet") with { File = "yunet/missing.onnx" };

        var error = Assert.Throws<ModelSetupException>(() => Create(entry));

        Assert.Contains("missing.onnx", error.Message);
        Assert.Contains("./setup.sh", error.Message);
    }

    [Fact]
    public void AModelOfAnotherKindIsASetupErrorNotAWrongDecode()
    {
        var entry = fixture.Manifest.Detector("yunet") with { File = fixture.Manifest.Detector("blazeface").File };

        var error = Assert.Throws<ModelSetupException>(() => Create(entry));

        Assert.Contains("face_detection_back_256x256_barracuda.onnx", error.Message);
        Assert.Contains("[1, 256, 256, 3]", error.Message);
    }

    [Fact]
    public void AnInputSizeTheModelDoesNotHaveIsASetupError()
    {
        var entry = fixture.Manifest.Detector("ultraface") with { InputWidth = 320, InputHeight = 240 };

        var error = Assert.Throws<ModelSetupException>(() => Create(entry));

        Assert.Contains("[1, 3, 240, 320]", error.Message);
        Assert.Contains("[1, 3, 480, 640]", error.Message);
    }

    private IFaceDetector Create(DetectorEntry entry) =>
        FaceDetectorFactory.Create(entry, TestPaths.ModelDir, fixture.Runtime, NullLogger.Instance);
}
