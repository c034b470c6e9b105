using DeepScan.Detection.Imaging;
using DeepScan.Detection.Tests.Spectrum;

namespace DeepScan.Detection.Tests.Members;

/// <summary>
/// The tiny classifiers <c>make_user_classifier.py</c> writes into a temp folder, and the fake probability they
/// must give: sigmoid(mean over pixels of the normalised input · W + b), column 1.
/// </summary>
public sealed class UserClassifierModel : IDisposable
{
    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    // Column 1 of make_user_classifier.py's W and b: the output the manifest entry points at.
    private static readonly double[] FakeWeights = [-2.0, 1.5, 0.25];
    private const double FakeBias = -0.3;

    public UserClassifierModel()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("deepscan-user-classifier-").FullName;
        ExternalTool.Run(
            ExternalTool.Python,
            Path.Combine(TestPaths.RepoRoot, "tests", "Detection.Tests", "Members", "make_user_classifier.py"),
            Directory);
    }

    /// <summary>Holds <c>user_classifier.onnx</c> and <c>user_classifier_batch2.onnx</c>.</summary>
    public string Directory { get; }

    /// <summary>A crop of one colour.</summary>
    public static RgbImage Solid(int width, int height, byte r, byte g, byte b)
    {
        var image = new RgbImage(width, height);
        for (var i = 0; i < image.Pixels.Length; i += 3)
        {
            (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]) = (r, g, b);
        }

        return image;
    }

    /// <summary>
    /// The expected P(fake) for a solid crop whose letterboxed 8×8 input is <paramref name="coloured"/> of that
    /// colour and the rest black padding.
    /// </summary>
    public static float ExpectedFake(byte r, byte g, byte b, double coloured = 1.0)
    {
        byte[] colour = [r, g, b];
        var z = FakeBias;
        for (var c = 0; c < 3; c++)
        {
            var pixel = (colour[c] / 255.0 - ImageNetMean[c]) / ImageNetStd[c];
            var padding = (0 - ImageNetMean[c]) / ImageNetStd[c];
            z += FakeWeights[c] * (coloured * pixel + (1 - coloured) * padding);
        }

        return (float)(1 / (1 + Math.Exp(-z)));
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
