using System.Text.Json;
using DeepScan.Detection.Imaging;
using DeepScan.Detection.Spectrum;

namespace DeepScan.Detection.Tests.Spectrum;

public sealed class SpectrumFeaturesTests
{
    [Theory]
    [InlineData("real/mesonet-real00240.jpg")] // 256x256
    [InlineData("real/mesonet-100_0.jpg")] // 126x126
    [InlineData("fake/mesonet-df00204.jpg")] // 342x342
    [InlineData("fake/dfdc-aapnvogymq-001-00.png")] // 73x98, taller than wide
    [InlineData("real/dfdc-abarnvbtwb-000-00.png")] // 99x105
    public void FaceCropFeaturesMatchThePythonReference(string face)
    {
        AssertMatchesReference(FfmpegTestDecoder.Decode(TestPaths.Face(face)));
    }

    [Theory]
    [InlineData(25, 25)]
    [InlineData(40, 90)] // wide: upstream's centre row lies outside the inner face
    [InlineData(90, 40)]
    public void NoiseFeaturesMatchThePythonReferenceAtOddShapes(int width, int height)
    {
        AssertMatchesReference(Noise(width, height, seed: width * 1000 + height));
    }

    [Fact]
    public void FeaturesAreThreeHundredFiniteValuesStartingAtOne()
    {
        var features = SpectrumFeatures.Compute(Noise(64, 80, seed: 7));

        Assert.Equal(300, features.Length);
        Assert.Equal(1.0, features[0]);
        Assert.All(features, f => Assert.True(double.IsFinite(f)));
    }

    [Theory]
    [InlineData(24, 100)]
    [InlineData(100, 10)]
    public void CropsUnderTheMinimumSideAreRefusedWithTheirSize(int width, int height)
    {
        var error = Assert.Throws<FaceTooSmallException>(() => SpectrumFeatures.Compute(new RgbImage(width, height)));

        Assert.Contains($"{width}x{height}", error.Message);
        Assert.Contains("25", error.Message);
    }

    [Fact]
    public void GrayscaleRoundsLikeOpenCvFixedPoint()
    {
        var image = new RgbImage(5, 1, [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 10, 20, 30]);

        Assert.Equal([76, 150, 29, 255, 18], SpectrumFeatures.Grayscale(image));
    }

    [Fact]
    public void InnerFaceIsTheCentreThird()
    {
        var gray = Enumerable.Range(0, 100 * 126).Select(i => (byte)(i % 251)).ToArray();

        var (pixels, width, height) = SpectrumFeatures.InnerFace(gray, 100, 126);

        Assert.Equal((100 - 2 * 33, 126 - 2 * 42), (width, height));
        Assert.Equal(gray[42 * 100 + 33], pixels[0]);
        Assert.Equal(gray[(42 + height - 1) * 100 + 33 + width - 1], pixels[^1]);
    }

    private static void AssertMatchesReference(RgbImage image)
    {
        var actual = SpectrumFeatures.Compute(image);

        var expected = ReferenceFeatures(image);
        Assert.Equal(SpectrumFeatures.FeatureCount, actual.Length);
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-6 * Math.Abs(expected[i]),
                $"feature {i}: C# {actual[i]:R}, Python {expected[i]:R}");
        }
    }

    internal static RgbImage Noise(int width, int height, int seed)
    {
        var pixels = new byte[width * height * 3];
        new Random(seed).NextBytes(pixels);
        return new RgbImage(width, height, pixels);
    }

    /// <summary>tools/spectrum/features.py on the very same RGB bytes, so decoders cannot differ.</summary>
    internal static double[] ReferenceFeatures(RgbImage image)
    {
        var raw = Path.Combine(Path.GetTempPath(), $"spectrum-{Guid.NewGuid():N}.rgb");
        File.WriteAllBytes(raw, image.Pixels);
        try
        {
            var json = ExternalTool.RunSpectrumTool("features.py", "--raw", raw,
                "--width", image.Width.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--height", image.Height.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return JsonSerializer.Deserialize<double[]>(json)!;
        }
        finally
        {
            File.Delete(raw);
        }
    }
}
