using System.Numerics;

namespace DeepScan.Detection.Spectrum;

/// <summary>
/// Bluestein's chirp-z DFT for lengths with a large prime factor: the DFT as a convolution with a chirp, done by a
/// mixed-radix plan of a smooth padded length.
/// </summary>
/// <remarks>
/// With w_t = exp(-iπ t² / n), jk = (j² + k² - (k - j)²) / 2 gives X_k = w_k Σ_j (x_j w_j) conj(w_(k-j)): a linear
/// convolution of length 2n - 1, done circularly at a padded length m ≥ 2n - 1. The transform of the conjugate
/// chirp is kept with the 1/m of the inverse folded in; the inverse is conj(DFT(conj(·))).
/// </remarks>
internal sealed class BluesteinPlan : DftPlan
{
    private readonly Complex[] _chirp;
    private readonly Complex[] _kernel;
    private readonly MixedRadixPlan _padded;

    public BluesteinPlan(int length) : base(length)
    {
        _padded = new MixedRadixPlan(PaddedLength(length));
        _chirp = Chirp(length);
        _kernel = Kernel(_chirp, _padded);
    }

    public override int ScratchLength => _padded.Length + _padded.ScratchLength;

    /// <summary>The smallest length ≥ 2n - 1 whose prime factors are 2, 3 and 5.</summary>
    internal static int PaddedLength(int n)
    {
        for (var m = Math.Max(1, 2 * n - 1); ; m++)
        {
            var rest = m;
            foreach (var p in (ReadOnlySpan<int>)[2, 3, 5])
            {
                while (rest % p == 0)
                {
                    rest /= p;
                }
            }

            if (rest == 1)
            {
                return m;
            }
        }
    }

    protected override void Transform(Span<Complex> data, Span<Complex> scratch)
    {
        var m = _padded.Length;
        Span<Complex> padded = scratch[..m], rest = scratch[m..];
        for (var k = 0; k < Length; k++)
        {
            padded[k] = data[k] * _chirp[k];
        }

        padded[Length..].Clear();
        _padded.Forward(padded, rest);
        for (var k = 0; k < m; k++)
        {
            padded[k] = Complex.Conjugate(padded[k] * _kernel[k]);
        }

        _padded.Forward(padded, rest);
        for (var k = 0; k < Length; k++)
        {
            data[k] = _chirp[k] * Complex.Conjugate(padded[k]);
        }
    }

    /// <summary>exp(-iπ k² / n), with k² reduced modulo 2n first so the angle stays exact.</summary>
    private static Complex[] Chirp(int n)
    {
        var chirp = new Complex[n];
        for (var k = 0; k < n; k++)
        {
            var square = (long)k * k % (2L * n);
            chirp[k] = Rotation((double)square / n);
        }

        return chirp;
    }

    /// <summary>DFT of conj(w_t) for t in -(n-1)..n-1, wrapped to the padded length, divided by that length.</summary>
    private static Complex[] Kernel(Complex[] chirp, MixedRadixPlan padded)
    {
        var m = padded.Length;
        var kernel = new Complex[m];
        for (var t = 0; t < chirp.Length; t++)
        {
            kernel[t] = Complex.Conjugate(chirp[t]);
            kernel[(m - t) % m] = kernel[t];
        }

        padded.Forward(kernel, new Complex[padded.ScratchLength]);
        for (var k = 0; k < m; k++)
        {
            kernel[k] /= m;
        }

        return kernel;
    }
}
