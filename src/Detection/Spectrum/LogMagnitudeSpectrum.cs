using System.Buffers;
using System.Numerics;

namespace DeepScan.Detection.Spectrum;

/// <summary>
/// The centred log-magnitude spectrum of an image: numpy's <c>20 * log(abs(fftshift(fft2(img)) + eps))</c>.
/// </summary>
/// <remarks>
/// The image is real, so its 2-D DFT is Hermitian, F(v, u) = conj(F(-v, -u)): only the columns u ≤ W/2 are
/// transformed, and the rows go through the row plan two at a time, one as the real and one as the imaginary part.
/// </remarks>
internal static class LogMagnitudeSpectrum
{
    /// <summary>Row-major, <paramref name="height"/> rows; zero frequency at (H/2, W/2).</summary>
    /// <param name="epsilon">Added to each coefficient (its real part) before the magnitude, as upstream.</param>
    public static double[] Compute(double[] image, int width, int height, double epsilon)
    {
        var columns = width / 2 + 1;
        var rowPlan = DftPlan.For(width);
        var columnPlan = DftPlan.For(height);
        var pool = ArrayPool<Complex>.Shared;
        var half = pool.Rent(columns * height);
        var row = pool.Rent(width);
        var scratch = pool.Rent(Math.Max(rowPlan.ScratchLength, columnPlan.ScratchLength));
        try
        {
            TransformRows(image, width, height, rowPlan, half, row.AsSpan(0, width), scratch);
            for (var u = 0; u < columns; u++)
            {
                columnPlan.Forward(half.AsSpan(u * height, height), scratch);
            }

            return Shifted(half, width, height, epsilon);
        }
        finally
        {
            pool.Return(scratch);
            pool.Return(row);
            pool.Return(half);
        }
    }

    /// <summary>
    /// The row DFTs for u ≤ W/2, written column-major (<c>half[u * H + v]</c>) so each column is contiguous.
    /// Rows x and y packed as z = x + iy give X_u = (Z_u + conj Z_(W-u)) / 2 and Y_u = (Z_u - conj Z_(W-u)) / 2i.
    /// </summary>
    private static void TransformRows(
        double[] image, int width, int height, DftPlan plan, Complex[] half, Span<Complex> row, Complex[] scratch)
    {
        for (var v = 0; v < height; v += 2)
        {
            var first = v * width;
            var second = v + 1 < height ? first + width : -1;
            for (var u = 0; u < width; u++)
            {
                row[u] = new Complex(image[first + u], second < 0 ? 0 : image[second + u]);
            }

            plan.Forward(row, scratch);
            for (var u = 0; u <= width / 2; u++)
            {
                Complex z = row[u], mirror = Complex.Conjugate(row[Mirror(u, width)]);
                Complex sum = z + mirror, difference = z - mirror;
                half[u * height + v] = sum / 2;
                if (second >= 0)
                {
                    half[u * height + v + 1] = new Complex(difference.Imaginary / 2, -difference.Real / 2);
                }
            }
        }
    }

    /// <summary>
    /// 20 ln |F + ε| (as 10 ln |F + ε|², no square root) moved by fftshift. Columns past W/2 are mirrors,
    /// F(-v, -u) = conj F(v, u) and |conj(F) + ε| = |F + ε|, so each computed value also fills its mirror.
    /// </summary>
    private static double[] Shifted(Complex[] half, int width, int height, double epsilon)
    {
        var shifted = new double[width * height];
        for (var u = 0; u <= width / 2; u++)
        {
            var column = half.AsSpan(u * height, height);
            var hasMirror = u > 0 && 2 * u != width;
            int at = Shift(u, width), mirrorAt = Shift(Mirror(u, width), width);
            for (var v = 0; v < height; v++)
            {
                double re = column[v].Real + epsilon, im = column[v].Imaginary;
                var value = 10 * Math.Log(re * re + im * im);
                shifted[Shift(v, height) * width + at] = value;
                if (hasMirror)
                {
                    shifted[Shift(Mirror(v, height), height) * width + mirrorAt] = value;
                }
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

    /// <summary>-i mod n.</summary>
    private static int Mirror(int i, int n) => i == 0 ? 0 : n - i;
}
