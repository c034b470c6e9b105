using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace DeepScan.Detection.Spectrum;

/// <summary>
/// The centred log-magnitude spectrum of an image: numpy's <c>20 * log(abs(fftshift(fft2(img)) + eps))</c>.
/// </summary>
internal static class LogMagnitudeSpectrum
{
    /// <summary>Row-major, <paramref name="height"/> rows; zero frequency at (H/2, W/2).</summary>
    /// <param name="epsilon">Added to each coefficient (its real part) before the magnitude, as upstream.</param>
    public static double[] Compute(double[] image, int width, int height, double epsilon)
    {
        var spectrum = Transform2D(image, width, height);

        var shifted = new double[image.Length];
        for (var v = 0; v < height; v++)
        {
            var row = (v + height / 2) % height * width;
            for (var u = 0; u < width; u++)
            {
                var coefficient = spectrum[v * width + u] + epsilon;
                shifted[row + (u + width / 2) % width] = 20 * Math.Log(coefficient.Magnitude);
            }
        }

        return shifted;
    }

    /// <summary>
    /// The 2-D DFT as 1-D transforms of the rows, then of the columns (MathNet's managed provider has no 2-D
    /// transform). Matlab options: e^-i exponent and no forward scaling, numpy's fft2 convention.
    /// </summary>
    private static Complex[] Transform2D(double[] image, int width, int height)
    {
        var spectrum = new Complex[image.Length];
        var row = new Complex[width];
        for (var v = 0; v < height; v++)
        {
            for (var u = 0; u < width; u++)
            {
                row[u] = new Complex(image[v * width + u], 0);
            }

            Fourier.Forward(row, FourierOptions.Matlab);
            row.CopyTo(spectrum, v * width);
        }

        var column = new Complex[height];
        for (var u = 0; u < width; u++)
        {
            for (var v = 0; v < height; v++)
            {
                column[v] = spectrum[v * width + u];
            }

            Fourier.Forward(column, FourierOptions.Matlab);
            for (var v = 0; v < height; v++)
            {
                spectrum[v * width + u] = column[v];
            }
        }

        return spectrum;
    }
}
