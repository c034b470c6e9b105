using System.Runtime.InteropServices;
using DeepScan.Detection.Imaging;
using DeepScan.Detection.Onnx;
using DeepScan.Detection.Tests.Spectrum;

namespace DeepScan.Detection.Tests.Members;

/// <summary>
/// The converted MesoNet graphs, run by ONNX Runtime, compute what <c>tools/mesonet/reference.py</c> computes: an
/// independent numpy forward pass of upstream's Keras layers on the same weights.
/// </summary>
[Collection(MesoNetCollection.Name)]
public sealed class MesoNetReferenceTests(MesoNetFixture fixture) : IDisposable
{
    private const int Size = 256;
    private const float Tolerance = 1e-4f;
    private static readonly string[] DfdcCrops = ["fake/dfdc-aapnvogymq-009-01.png", "real/dfdc-abarnvbtwb-001-00.png"];
    private readonly string scratch = Directory.CreateTempSubdirectory("deepscan-mesonet-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Theory]
    [InlineData("meso4-df")]
    [InlineData("meso4-f2f")]
    [InlineData("mesoinception-df")]
    [InlineData("mesoinception-f2f")]
    public void GraphMatchesTheNumpyReferenceOnRandomInputsAndRealCrops(string member)
    {
        // The crops as the member packs them (two DFDC crops keep MesoInception-F2F off its saturated end), then
        // three kinds of noise: full range, low contrast, crop plus noise.
        var crops = Packed([.. fixture.Crops, .. DfdcCrops.Select(f => FfmpegTestDecoder.Decode(TestPaths.Face(f)))]);
        var random = new Random(1234);
        var perImage = Size * Size * 3;
        var noise = new float[3 * perImage];
        for (var i = 0; i < perImage; i++)
        {
            noise[i] = random.NextSingle();
            noise[perImage + i] = 0.5f + 0.1f * (random.NextSingle() - 0.5f);
            noise[2 * perImage + i] = Math.Clamp(crops[perImage + i] + 0.2f * (random.NextSingle() - 0.5f), 0, 1);
        }

        float[] images = [.. crops, .. noise];
        var count = images.Length / perImage;

        var expectedReal = Reference(member, images);
        using var session = fixture.Runtime.OpenSession(ModelPath(member));
        var actualReal = session.Run([new NamedTensor("input", images, [count, Size, Size, 3])])[0];

        Assert.Equal([count, 1L], actualReal.Shape);
        AssertClose(expectedReal, actualReal.Data);
    }

    [Theory]
    [InlineData("meso4-df")]
    [InlineData("mesoinception-f2f")]
    public void MemberScoresAreOneMinusTheReferenceRealProbability(string member)
    {
        var expectedReal = Reference(member, Packed(fixture.Crops));
        using var classifier = fixture.Create(member);

        var fake = classifier.PredictFake(fixture.Crops);

        AssertClose(expectedReal.Select(p => 1 - p).ToArray(), fake);
    }

    /// <summary>The faces letterboxed to 256×256 and scaled to [0, 1], NHWC, as the member feeds them.</summary>
    private static float[] Packed(IReadOnlyList<RgbImage> faces)
    {
        var perImage = Size * Size * 3;
        var data = new float[faces.Count * perImage];
        for (var i = 0; i < faces.Count; i++)
        {
            TensorPacker.WriteNhwc(
                Letterbox.Fit(faces[i], Size, Size).Canvas, data.AsSpan(i * perImage, perImage), [0, 0, 0], [1, 1, 1]);
        }

        return data;
    }

    /// <summary>P(real) per image from reference.py, exchanging raw little-endian float32 files.</summary>
    private float[] Reference(string member, float[] images)
    {
        var input = Path.Combine(scratch, member + ".in.f32");
        var output = Path.Combine(scratch, member + ".out.f32");
        File.WriteAllBytes(input, MemoryMarshal.AsBytes(images.AsSpan()).ToArray());
        ExternalTool.Run(
            ExternalTool.Python,
            Path.Combine(TestPaths.RepoRoot, "tools", "mesonet", "reference.py"),
            "--weights", Path.Combine(TestPaths.ModelDir, "mesonet", MesoNetFixture.Weights[member]),
            "--input", input,
            "--output", output);
        return MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(output)).ToArray();
    }

    private string ModelPath(string member) => Path.Combine(TestPaths.ModelDir, fixture.Entry(member).File);

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(
            worst < Tolerance,
            $"max |difference| {worst:E2}; expected [{string.Join(", ", expected)}], "
            + $"got [{string.Join(", ", actual)}]");
    }
}
