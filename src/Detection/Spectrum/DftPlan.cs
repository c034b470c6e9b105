using System.Collections.Concurrent;
using System.Numerics;

namespace DeepScan.Detection.Spectrum;

/// <summary>
/// The forward DFT of one length, numpy's convention (e^-i exponent, no scaling), with its unit roots computed
/// once. A plan holds no mutable state, so one instance serves any number of threads; each call brings its own
/// scratch.
/// </summary>
internal abstract class DftPlan
{
    /// <summary>Prime factors up to this are butterflies of a mixed-radix plan; a larger one means Bluestein.</summary>
    internal const int LargestDirectRadix = 13;

    // Crop sides bound the lengths a scan asks for; the cap only keeps a pathological caller from growing it forever.
    private const int MaxCachedPlans = 1024;
    private static readonly ConcurrentDictionary<int, DftPlan> Cache = new();

    protected DftPlan(int length)
    {
        Length = length;
    }

    /// <summary>The length this plan transforms.</summary>
    public int Length { get; }

    /// <summary>How many elements <see cref="Forward"/> needs as scratch.</summary>
    public abstract int ScratchLength { get; }

    /// <summary>The cached plan for <paramref name="length"/>, made on first use.</summary>
    public static DftPlan For(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (Cache.TryGetValue(length, out var plan))
        {
            return plan;
        }

        return Cache.Count < MaxCachedPlans ? Cache.GetOrAdd(length, Create) : Create(length);
    }

    /// <summary>A new plan: mixed radix when every prime factor is small, else Bluestein's chirp-z.</summary>
    internal static DftPlan Create(int length) =>
        LargestPrimeFactor(length) <= LargestDirectRadix
            ? new MixedRadixPlan(length)
            : new BluesteinPlan(length);

    /// <summary>Replaces <paramref name="data"/> (exactly <see cref="Length"/> long) by its DFT.</summary>
    /// <param name="scratch">At least <see cref="ScratchLength"/> elements, overwritten.</param>
    public void Forward(Span<Complex> data, Span<Complex> scratch)
    {
        if (data.Length != Length || scratch.Length < ScratchLength)
        {
            throw new ArgumentException(
                $"A length-{Length} DFT needs {Length} values and {ScratchLength} scratch, "
                + $"got {data.Length} and {scratch.Length}.");
        }

        Transform(data, scratch);
    }

    protected abstract void Transform(Span<Complex> data, Span<Complex> scratch);

    /// <summary>exp(-2πi j / n) for j &lt; n, each from its own exact fraction so no error accumulates.</summary>
    protected static Complex[] UnitRoots(int n)
    {
        var roots = new Complex[n];
        for (var j = 0; j < n; j++)
        {
            roots[j] = Rotation(2.0 * j / n);
        }

        return roots;
    }

    /// <summary>exp(-iπ <paramref name="turnsOfPi"/>).</summary>
    protected static Complex Rotation(double turnsOfPi)
    {
        var (sin, cos) = double.SinCosPi(turnsOfPi);
        return new Complex(cos, -sin);
    }

    internal static int LargestPrimeFactor(int n)
    {
        var largest = 1;
        for (var p = 2; p * p <= n; p++)
        {
            while (n % p == 0)
            {
                largest = p;
                n /= p;
            }
        }

        return Math.Max(largest, n);
    }
}
