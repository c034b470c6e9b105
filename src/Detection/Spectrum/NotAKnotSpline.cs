namespace DeepScan.Detection.Spectrum;

/// <summary>
/// The interpolating cubic spline with not-a-knot ends: the curve of scipy's <c>interp1d(kind='cubic')</c>
/// (<c>make_interp_spline(x, y, k=3)</c>), which upstream reaches through <c>griddata(method='cubic')</c>.
/// </summary>
/// <remarks>
/// Solved for the second derivatives M at the knots. Interior knots give the usual equations
/// h[i-1] M[i-1] + 2 (h[i-1] + h[i]) M[i] + h[i] M[i+1] = 6 (slope[i] - slope[i-1]); not-a-knot makes the third
/// derivative continuous at the second and the next-to-last knot, so M[0] = (1 + h0/h1) M[1] - (h0/h1) M[2] and
/// likewise at the other end. Substituting those into the first and last equations leaves a tridiagonal system.
/// </remarks>
internal sealed class NotAKnotSpline
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _m;

    /// <param name="x">Strictly increasing knots, at least four.</param>
    /// <param name="y">The values at the knots.</param>
    public NotAKnotSpline(double[] x, double[] y)
    {
        if (x.Length != y.Length || x.Length < 4)
        {
            throw new ArgumentException(
                $"A not-a-knot cubic spline needs at least 4 points, got {x.Length}.", nameof(x));
        }

        _x = x;
        _y = y;
        _m = SecondDerivatives(x, y);
    }

    /// <summary>The spline's value at <paramref name="t"/>, which should lie within the knots.</summary>
    public double Evaluate(double t)
    {
        var i = Array.BinarySearch(_x, t);
        i = Math.Clamp(i >= 0 ? i : ~i - 1, 0, _x.Length - 2);
        double h = _x[i + 1] - _x[i], a = _x[i + 1] - t, b = t - _x[i];
        return (_m[i] * a * a * a + _m[i + 1] * b * b * b) / (6 * h)
            + (_y[i] / h - _m[i] * h / 6) * a
            + (_y[i + 1] / h - _m[i + 1] * h / 6) * b;
    }

    private static double[] SecondDerivatives(double[] x, double[] y)
    {
        var n = x.Length;
        var h = new double[n - 1];
        for (var i = 0; i < n - 1; i++)
        {
            h[i] = x[i + 1] - x[i];
        }

        // Unknowns M[1] .. M[n-2]; row r is the equation of knot r + 1.
        var k = n - 2;
        double[] lower = new double[k], diagonal = new double[k], upper = new double[k], rhs = new double[k];
        for (var r = 0; r < k; r++)
        {
            var i = r + 1;
            lower[r] = h[i - 1];
            diagonal[r] = 2 * (h[i - 1] + h[i]);
            upper[r] = h[i];
            rhs[r] = 6 * ((y[i + 1] - y[i]) / h[i] - (y[i] - y[i - 1]) / h[i - 1]);
        }

        double first = h[0] / h[1], last = h[n - 2] / h[n - 3];
        diagonal[0] += h[0] * (1 + first);
        upper[0] -= h[0] * first;
        diagonal[k - 1] += h[n - 2] * (1 + last);
        lower[k - 1] -= h[n - 2] * last;

        var interior = SolveTridiagonal(lower, diagonal, upper, rhs);
        var m = new double[n];
        Array.Copy(interior, 0, m, 1, k);
        m[0] = (1 + first) * m[1] - first * m[2];
        m[n - 1] = (1 + last) * m[n - 2] - last * m[n - 3];
        return m;
    }

    /// <summary>The Thomas algorithm; the system here is diagonally dominant, so no pivoting is needed.</summary>
    private static double[] SolveTridiagonal(double[] lower, double[] diagonal, double[] upper, double[] rhs)
    {
        var n = diagonal.Length;
        var c = new double[n];
        var d = new double[n];
        c[0] = upper[0] / diagonal[0];
        d[0] = rhs[0] / diagonal[0];
        for (var i = 1; i < n; i++)
        {
            var pivot = diagonal[i] - lower[i] * c[i - 1];
            c[i] = upper[i] / pivot;
            d[i] = (rhs[i] - lower[i] * d[i - 1]) / pivot;
        }

        var solution = new double[n];
        solution[n - 1] = d[n - 1];
        for (var i = n - 2; i >= 0; i--)
        {
            solution[i] = d[i] - c[i] * solution[i + 1];
        }

        return solution;
    }
}
