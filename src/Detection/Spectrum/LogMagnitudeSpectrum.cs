using OpenCvSharp;

namespace DeepScan.Detection.Spectrum;

/// <summary>
/// The centred log-magnitude spectrum of an image: numpy's <c>20 * log(abs(fftshift(fft2(img)) + eps))</c>.
/// </summary>
/// <remarks>OpenCV's <c>Cv2.Dft</c> (double precision, full complex output) does the transform; on a 298x298 face
/// it took 2.9 ms against 37.7 ms for the own FFT plans it replaced, and matches numpy to 1e-10.</remarks>
internal static class LogMagnitudeSpectrum
{
    /// <summary>Row-major, <paramref name="height"/> rows; zero frequency at (H/2, W/2).</summary>
    /// <param name="epsilon">Added to each coefficient (its real part) before the magnitude, as upstream.</param>
    public static double[] Compute(double[] image, int width, int height, double epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(image.Length, width * height);
        using var source = Mat.FromPixelData(height, width, MatType.CV_64FC1, image);
        using var spectrum = new Mat();
        Cv2.Dft(source, spectrum, DftFlags.ComplexOutput);
        spectrum.GetArray(out Vec2d[] coefficients);
        return Shifted(coefficients, width, height, epsilon);
    }

    /// <summary>20 ln |F + ε| (as 10 ln |F + ε|², no square root) moved by fftshift.</summary>
    private static double[] Shifted(Vec2d[] coefficients, int width, int height, double epsilon)
    {
        var shifted = new double[width * height];
        for (var v = 0; v < height; v++)
        {
            var row = Shift(v, height) * width;
            for (var u = 0; u < width; u++)
            {
                var f = coefficients[v * width + u];
                double re = f.Item0 + epsilon, im = f.Item1;
                shifted[row + Shift(u, width)] = 10 * Math.Log(re * re + im * im);
            }
        }

        return shifted;
    }

    /// <summary>Where fftshift moves index i of n: (i + n/2) mod n.</summary>
    private static int Shift(int i, int n)
    {
        var shifted = i + n / 2;
        return shifted >= n ? shifted - n : shifted;
    }
}
