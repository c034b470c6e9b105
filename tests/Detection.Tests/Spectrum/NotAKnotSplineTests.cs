using DeepScan.Detection.Spectrum;

namespace DeepScan.Detection.Tests.Spectrum;

public sealed class NotAKnotSplineTests
{
    private static double Cubic(double t) => 5 + 0.3 * t - 0.002 * t * t + 1e-6 * t * t * t;

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(37)]
    public void ReproducesACubicExactly(int knots)
    {
        // Not-a-knot ends make the spline through samples of one cubic that very cubic.
        var x = Enumerable.Range(0, knots).Select(i => i * 300.0 / (knots - 1)).ToArray();
        var spline = new NotAKnotSpline(x, x.Select(Cubic).ToArray());

        foreach (var t in new[] { 0, 1.5, 77.7, 150, 299.2, 300 })
        {
            Assert.Equal(Cubic(t), spline.Evaluate(t), 1e-10);
        }
    }

    [Fact]
    public void PassesThroughItsKnots()
    {
        double[] x = [0, 1, 2.5, 3, 7, 8];
        double[] y = [1, -2, 0.5, 4, 4, -1];
        var spline = new NotAKnotSpline(x, y);

        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(y[i], spline.Evaluate(x[i]), 1e-12);
        }
    }

    [Fact]
    public void FewerThanFourPointsAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new NotAKnotSpline([0, 1, 2], [0, 1, 0]));

        Assert.Contains("at least 4", error.Message);
    }
}
