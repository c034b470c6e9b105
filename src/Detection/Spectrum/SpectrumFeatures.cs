using DeepScan.Detection.Imaging;

namespace DeepScan.Detection.Spectrum;

/// <summary>
/// The frequency-domain features of Durall et al., "Unmasking DeepFakes with simple Features" (2019): the
/// azimuthally averaged log-magnitude spectrum of the grayscale inner face, resampled to 300 values.
/// </summary>
/// <remarks>
/// Step for step the authors' code (github.com/cc-hpc-itwm/DeepFakeDetection), mirrored by the reference
/// <c>tools/spectrum/features.py</c> and tested against it:
/// <list type="number">
/// <item>grayscale as OpenCV's 8-bit <c>COLOR_RGB2GRAY</c>: (4899 R + 9617 G + 1868 B + 2^13) &gt;&gt; 14, the
/// 0.299/0.587/0.114 weights in 14-bit fixed point, rounded to a byte;</item>
/// <item>the inner face: the centre third (<c>img[h:-h, w:-w]</c>, h = H / 3, w = W / 3), as the scripts built
/// on the authors' code cut video-frame faces. The 1000 FaceForensics++ reference rows come from 30 to 140
/// pixel images (each row's spline knots give its profile length), the inner third of face crops like ours;
/// whole crops give profiles two to three times longer and transfer worse;</item>
/// <item>2-D FFT, fftshift, 1e-8 added to each complex value, 20 ln |F|;</item>
/// <item>mean per integer radius around ((W-1)/2, (W-1)/2), without the first and last radius present;</item>
/// <item>a not-a-knot cubic spline through that profile, sampled at 300 evenly spaced points;</item>
/// <item>division by the first value.</item>
/// </list>
/// The crop is used at its own resolution, never resized: resampling filters exactly the high frequencies
/// the features measure, and the reference computed them unscaled.
/// </remarks>
public static class SpectrumFeatures
{
    /// <summary>How many values <see cref="Compute"/> returns.</summary>
    public const int FeatureCount = 300;

    /// <summary>The smallest crop side for which the inner third always leaves the four radii a cubic needs.</summary>
    public const int MinimumSide = 25;

    private const double Epsilon = 1e-8;

    /// <summary>The 300 spectrum features of one face crop; the first is always 1.</summary>
    /// <exception cref="FaceTooSmallException">A side is under <see cref="MinimumSide"/> pixels.</exception>
    public static double[] Compute(RgbImage face)
    {
        if (face.Width < MinimumSide || face.Height < MinimumSide)
        {
            throw new FaceTooSmallException(face.Width, face.Height, MinimumSide);
        }

        var (inner, width, height) = InnerFace(Grayscale(face), face.Width, face.Height);
        var magnitude = LogMagnitudeSpectrum.Compute(inner, width, height, Epsilon);
        var profile = AzimuthalAverage.Compute(magnitude, width, height);
        return Resample(profile, FeatureCount);
    }

    /// <summary>OpenCV's 8-bit RGB to gray: fixed-point 0.299/0.587/0.114, rounded (CV_DESCALE, shift 14).</summary>
    internal static byte[] Grayscale(RgbImage image)
    {
        var gray = new byte[image.Width * image.Height];
        var pixels = image.Pixels;
        for (int i = 0, p = 0; i < gray.Length; i++, p += 3)
        {
            gray[i] = (byte)((pixels[p] * 4899 + pixels[p + 1] * 9617 + pixels[p + 2] * 1868 + (1 << 13)) >> 14);
        }

        return gray;
    }

    /// <summary>The centre third of a row-major gray image: <c>img[h:-h, w:-w]</c>, h = H / 3, w = W / 3.</summary>
    internal static (double[] Pixels, int Width, int Height) InnerFace(byte[] gray, int width, int height)
    {
        int top = height / 3, left = width / 3;
        int innerWidth = width - 2 * left, innerHeight = height - 2 * top;
        var inner = new double[innerWidth * innerHeight];
        for (var y = 0; y < innerHeight; y++)
        {
            for (var x = 0; x < innerWidth; x++)
            {
                inner[y * innerWidth + x] = gray[(y + top) * width + x + left];
            }
        }

        return (inner, innerWidth, innerHeight);
    }

    /// <summary>
    /// scipy's <c>interp1d(linspace(0, n, len), profile, kind='cubic')(linspace(0, n, n))</c>, divided by its
    /// first value. Grid points follow numpy's linspace: i * (stop / (count - 1)), the last one exactly stop.
    /// </summary>
    internal static double[] Resample(double[] profile, int count)
    {
        var spline = new NotAKnotSpline(Linspace(count, profile.Length), profile);
        var samples = Linspace(count, count);
        var features = new double[count];
        for (var i = 0; i < count; i++)
        {
            features[i] = spline.Evaluate(samples[i]);
        }

        var first = features[0];
        for (var i = 0; i < count; i++)
        {
            features[i] /= first;
        }

        return features;
    }

    private static double[] Linspace(double stop, int count)
    {
        var step = stop / (count - 1);
        var points = new double[count];
        for (var i = 0; i < count - 1; i++)
        {
            points[i] = i * step;
        }

        points[count - 1] = stop;
        return points;
    }
}
