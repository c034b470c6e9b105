using System.Numerics;
using DeepScan.Detection.Spectrum;
using MathNet.Numerics.IntegralTransforms;

namespace DeepScan.Detection.Tests.Spectrum;

public sealed class LogMagnitudeSpectrumTests
{
    [Theory]
    [InlineData(22, 22)]
    [InlineData(33, 39)] // odd, 3·11 and 3·13
    [InlineData(48, 48)]
    [InlineData(97, 113)] // primes
    [InlineData(298, 298)] // 2·149, a face crop size
    [InlineData(131, 64)]
    [InlineData(9, 140)]
    [InlineData(1, 7)]
    [InlineData(6, 1)]
    public void MatchesRowAndColumnTransformsByMathNet(int width, int height)
    {
        var random = new Random(width * 1000 + height);
        var image = Enumerable.Range(0, width * height).Select(_ => (double)random.Next(256)).ToArray();

        var actual = LogMagnitudeSpectrum.Compute(image, width, height, 1e-8);

        var expected = MathNetLogMagnitude(image, width, height, 1e-8);
        for (var i = 0; i < actual.Length; i++)
        {
            // MathNet's Bluestein transform of prime lengths (149) is itself off by about 1e-9 on values near 120.
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-8,
                $"({i % width}, {i / width}): {actual[i]:R} vs MathNet {expected[i]:R}");
        }
    }

    [Fact]
    public void ZeroFrequencyLandsAtTheCentre()
    {
        var image = Enumerable.Repeat(3.0, 5 * 4).ToArray();

        var spectrum = LogMagnitudeSpectrum.Compute(image, 5, 4, 1e-8);

        Assert.Equal(20 * Math.Log(3.0 * 20 + 1e-8), spectrum[2 * 5 + 2], 1e-12);
        Assert.Equal(20 * Math.Log(1e-8), spectrum[0], 1e-3);
    }

    /// <summary>The former implementation: MathNet over rows then columns, then fftshift and 20 ln |F + ε|.</summary>
    private static double[] MathNetLogMagnitude(double[] image, int width, int height, double epsilon)
    {
        var rows = Enumerable.Range(0, height)
            .Select(v => Enumerable.Range(0, width).Select(u => new Complex(image[v * width + u], 0)).ToArray())
            .ToArray();
        foreach (var row in rows)
        {
            Fourier.Forward(row, FourierOptions.Matlab);
        }

        var shifted = new double[width * height];
        for (var u = 0; u < width; u++)
        {
            var column = rows.Select(r => r[u]).ToArray();
            Fourier.Forward(column, FourierOptions.Matlab);
            for (var v = 0; v < height; v++)
            {
                var at = (v + height / 2) % height * width + (u + width / 2) % width;
                shifted[at] = 20 * Math.Log((column[v] + epsilon).Magnitude);
            }
        }

        return shifted;
    }
}
