using System.Numerics;

namespace DeepScan.Detection.Spectrum;

/// <summary>
/// A Stockham autosort DFT for lengths whose prime factors are at most <see cref="DftPlan.LargestDirectRadix"/>:
/// radix-4, 2, 3 and 5 butterflies, a direct odd-radix butterfly for 7, 11 and 13.
/// </summary>
/// <remarks>
/// Each pass splits the current length n (with s = N / n interleaved sequences) into radix r:
/// y[q + s (r p + k)] = (Σ_j x[q + s (p + j n / r)] ω_r^(jk)) ω_n^(pk), then continues on y with n / r and s r.
/// Passes alternate between the data and the scratch, so the output lands in natural order with no bit reversal;
/// ω_n^(pk) is root p k s of the length-N table.
/// </remarks>
internal sealed class MixedRadixPlan : DftPlan
{
    private static readonly Complex Radix3 = Rotation(2.0 / 3);
    private static readonly Complex Radix5First = Rotation(2.0 / 5);
    private static readonly Complex Radix5Second = Rotation(4.0 / 5);

    private readonly int[] _radices;
    private readonly Complex[] _roots;

    public MixedRadixPlan(int length) : base(length)
    {
        if (LargestPrimeFactor(length) > LargestDirectRadix)
        {
            throw new ArgumentException(
                $"Length {length} has a prime factor over {LargestDirectRadix}; it needs Bluestein.", nameof(length));
        }

        _radices = Radices(length);
        _roots = UnitRoots(length);
    }

    public override int ScratchLength => Length;

    protected override void Transform(Span<Complex> data, Span<Complex> scratch)
    {
        Span<Complex> x = data, y = scratch[..Length];
        int stride = 1, n = Length;
        foreach (var radix in _radices)
        {
            var m = n / radix;
            switch (radix)
            {
                case 2: Pass2(x, y, m, stride); break;
                case 3: Pass3(x, y, m, stride); break;
                case 4: Pass4(x, y, m, stride); break;
                case 5: Pass5(x, y, m, stride); break;
                default: PassOdd(x, y, radix, m, stride); break;
            }

            var swap = x;
            x = y;
            y = swap;
            stride *= radix;
            n = m;
        }

        if (_radices.Length % 2 == 1)
        {
            x.CopyTo(data);
        }
    }

    /// <summary>Fours first, then the remaining prime factors in increasing order.</summary>
    private static int[] Radices(int n)
    {
        var radices = new List<int>();
        for (; n % 4 == 0; n /= 4)
        {
            radices.Add(4);
        }

        for (var p = 2; n > 1; p++)
        {
            for (; n % p == 0; n /= p)
            {
                radices.Add(p);
            }
        }

        return [.. radices];
    }

    private void Pass2(ReadOnlySpan<Complex> x, Span<Complex> y, int m, int s)
    {
        for (var p = 0; p < m; p++)
        {
            var w1 = _roots[p * s];
            for (var q = 0; q < s; q++)
            {
                Complex a0 = x[q + s * p], a1 = x[q + s * (p + m)];
                var o = q + s * 2 * p;
                y[o] = a0 + a1;
                y[o + s] = (a0 - a1) * w1;
            }
        }
    }

    private void Pass3(ReadOnlySpan<Complex> x, Span<Complex> y, int m, int s)
    {
        double half = Radix3.Real, sine = Radix3.Imaginary;
        for (var p = 0; p < m; p++)
        {
            Complex w1 = _roots[p * s], w2 = _roots[2 * p * s];
            for (var q = 0; q < s; q++)
            {
                Complex a0 = x[q + s * p], a1 = x[q + s * (p + m)], a2 = x[q + s * (p + 2 * m)];
                Complex sum = a1 + a2, difference = a1 - a2;
                var middle = a0 + half * sum;
                var turned = new Complex(-sine * difference.Imaginary, sine * difference.Real);
                var o = q + s * 3 * p;
                y[o] = a0 + sum;
                y[o + s] = (middle + turned) * w1;
                y[o + 2 * s] = (middle - turned) * w2;
            }
        }
    }

    private void Pass4(ReadOnlySpan<Complex> x, Span<Complex> y, int m, int s)
    {
        for (var p = 0; p < m; p++)
        {
            Complex w1 = _roots[p * s], w2 = _roots[2 * p * s], w3 = _roots[3 * p * s];
            for (var q = 0; q < s; q++)
            {
                Complex a0 = x[q + s * p], a1 = x[q + s * (p + m)];
                Complex a2 = x[q + s * (p + 2 * m)], a3 = x[q + s * (p + 3 * m)];
                Complex t0 = a0 + a2, t1 = a0 - a2, t2 = a1 + a3, d = a1 - a3;
                var t3 = new Complex(d.Imaginary, -d.Real); // (a1 - a3) · -i
                var o = q + s * 4 * p;
                y[o] = t0 + t2;
                y[o + s] = (t1 + t3) * w1;
                y[o + 2 * s] = (t0 - t2) * w2;
                y[o + 3 * s] = (t1 - t3) * w3;
            }
        }
    }

    private void Pass5(ReadOnlySpan<Complex> x, Span<Complex> y, int m, int s)
    {
        double c1 = Radix5First.Real, s1 = Radix5First.Imaginary;
        double c2 = Radix5Second.Real, s2 = Radix5Second.Imaginary;
        for (var p = 0; p < m; p++)
        {
            Complex w1 = _roots[p * s], w2 = _roots[2 * p * s], w3 = _roots[3 * p * s], w4 = _roots[4 * p * s];
            for (var q = 0; q < s; q++)
            {
                var a0 = x[q + s * p];
                Complex a1 = x[q + s * (p + m)], a2 = x[q + s * (p + 2 * m)];
                Complex a3 = x[q + s * (p + 3 * m)], a4 = x[q + s * (p + 4 * m)];
                Complex t1 = a1 + a4, t2 = a2 + a3, t3 = a1 - a4, t4 = a2 - a3;
                Complex m1 = a0 + c1 * t1 + c2 * t2, m2 = a0 + c2 * t1 + c1 * t2;
                // s1 and s2 are the imaginary parts of ω and ω², so output 1 is m1 + i n1 and output 4 its mirror m1 - i n1.
                Complex n1 = s1 * t3 + s2 * t4, n2 = s2 * t3 - s1 * t4;
                var i1 = new Complex(-n1.Imaginary, n1.Real);
                var i2 = new Complex(-n2.Imaginary, n2.Real);
                var o = q + s * 5 * p;
                y[o] = a0 + t1 + t2;
                y[o + s] = (m1 + i1) * w1;
                y[o + 2 * s] = (m2 + i2) * w2;
                y[o + 3 * s] = (m2 - i2) * w3;
                y[o + 4 * s] = (m1 - i1) * w4;
            }
        }
    }

    /// <summary>
    /// An odd radix r as a direct DFT that pairs inputs j and r - j: with ω^(jk) = cos θ - i sin θ, output k is
    /// A - iB and output r - k is A + iB, A = a0 + Σ (a_j + a_(r-j)) cos θ, B = Σ (a_j - a_(r-j)) sin θ.
    /// </summary>
    private void PassOdd(ReadOnlySpan<Complex> x, Span<Complex> y, int r, int m, int s)
    {
        var h = r / 2;
        Span<double> cos = stackalloc double[r], sin = stackalloc double[r];
        for (var t = 0; t < r; t++)
        {
            var root = _roots[t * (Length / r)];
            cos[t] = root.Real;
            sin[t] = -root.Imaginary;
        }

        Span<Complex> sums = stackalloc Complex[h + 1], differences = stackalloc Complex[h + 1];
        for (var p = 0; p < m; p++)
        {
            for (var q = 0; q < s; q++)
            {
                var a0 = x[q + s * p];
                var total = a0;
                for (var j = 1; j <= h; j++)
                {
                    Complex aj = x[q + s * (p + j * m)], mirror = x[q + s * (p + (r - j) * m)];
                    sums[j] = aj + mirror;
                    differences[j] = aj - mirror;
                    total += sums[j];
                }

                var o = q + s * r * p;
                y[o] = total;
                for (var k = 1; k <= h; k++)
                {
                    Complex even = a0, odd = Complex.Zero;
                    for (int j = 1, t = k; j <= h; j++, t = t + k < r ? t + k : t + k - r)
                    {
                        even += sums[j] * cos[t];
                        odd += differences[j] * sin[t];
                    }

                    var turned = new Complex(odd.Imaginary, -odd.Real); // -i B
                    y[o + k * s] = (even + turned) * _roots[p * k * s];
                    y[o + (r - k) * s] = (even - turned) * _roots[p * (r - k) * s];
                }
            }
        }
    }
}
