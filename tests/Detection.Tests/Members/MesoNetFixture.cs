using DeepScan.Detection.Imaging;
using DeepScan.Detection.Members;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;
using DeepScan.Detection.Tests.Spectrum;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepScan.Detection.Tests.Members;

/// <summary>The installed MesoNet members (converted by setup) and the labelled MesoNet test crops.</summary>
public sealed class MesoNetFixture : IDisposable
{
    /// <summary>The rows of <c>faces/labels.csv</c> whose dataset is "MesoNet test_images".</summary>
    public static readonly string[] TestCrops =
    [
        "fake/mesonet-df00204.jpg",
        "fake/mesonet-df01254.jpg",
        "real/mesonet-real00240.jpg",
        "real/mesonet-real00772.jpg",
    ];

    /// <summary>Manifest member name → the Keras weights file it was converted from.</summary>
    public static readonly IReadOnlyDictionary<string, string> Weights = new Dictionary<string, string>
    {
        ["meso4-df"] = "Meso4_DF.h5",
        ["meso4-f2f"] = "Meso4_F2F.h5",
        ["mesoinception-df"] = "MesoInception_DF.h5",
        ["mesoinception-f2f"] = "MesoInception_F2F.h5",
    };

    private readonly Lazy<RgbImage[]> crops = new(() =>
        TestCrops.Select(f => FfmpegTestDecoder.Decode(TestPaths.Face(f))).ToArray());

    public OnnxRuntime Runtime { get; } = OnnxRuntime.Load();

    public ModelManifest Manifest { get; } = ModelManifest.Load(TestPaths.Manifest);

    /// <summary>The decoded <see cref="TestCrops"/>, in order.</summary>
    public IReadOnlyList<RgbImage> Crops => crops.Value;

    /// <summary>The member's manifest entry without its calibration: these tests check the converted model itself.</summary>
    public MemberEntry Entry(string member) => Manifest.Members.Single(m => m.Name == member) with { Calibration = null };

    /// <summary>The member as the engine would create it from the installed manifest.</summary>
    public IEnsembleMember Create(string member) => EnsembleMemberFactory.Create(
        Entry(member), TestPaths.ModelDir, Runtime, new OnnxSessionOptions(), NullLogger.Instance);

    public void Dispose() => Runtime.Dispose();
}

[CollectionDefinition(Name)]
public sealed class MesoNetCollection : ICollectionFixture<MesoNetFixture>
{
    public const string Name = "mesonet";
}
