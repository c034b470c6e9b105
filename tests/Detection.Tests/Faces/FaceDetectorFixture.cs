using DeepScan.Detection.Faces;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepScan.Detection.Tests.Faces;

/// <summary>The three installed face detectors, opened once from the repository's manifest.</summary>
public sealed class FaceDetectorFixture : IDisposable
{
    private readonly Dictionary<string, IFaceDetector> detectors;

    public FaceDetectorFixture()
    {
        Manifest = ModelManifest.Load(TestPaths.Manifest);
        Runtime = OnnxRuntime.Load();
        detectors = Manifest.Detectors.ToDictionary(
            d => d.Name,
            d => FaceDetectorFactory.Create(d, TestPaths.ModelDir, Runtime, NullLogger.Instance));
    }

    public ModelManifest Manifest { get; }

    public OnnxRuntime Runtime { get; }

    public IFaceDetector this[string name] => detectors[name];

    public void Dispose()
    {
        foreach (var detector in detectors.Values)
        {
            detector.Dispose();
        }

        Runtime.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class FaceDetectorCollection : ICollectionFixture<FaceDetectorFixture>
{
    public const string Name = "face-detectors";
}
