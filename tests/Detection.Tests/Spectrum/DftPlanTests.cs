using System.Numerics;
using DeepScan.Detection.Spectrum;

namespace DeepScan.Detection.Tests.Spectrum;

public sealed class DftPlanTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void EveryLengthUpTo300MatchesTheDefinition()
    {
        var failures = Enumerable.Range(1, 300)
            .Select(n => (n, Error: RelativeError(n, seed: n)))
            .Where(r => !(r.Error <= Tolerance))
            .Select(r => $"{r.n}: {r.Error:E2}")
            .ToList();

        Assert.True(failures.Count == 0, "lengths off the naive DFT: " + string.Join(", ", failures));
    }

    [Theory]
    [InlineData(97)] // primes: Bluestein
    [InlineData(127)]
    [InlineData(131)]
    [InlineData(256)] // radix 4 only
    [InlineData(512)] // radix 4 and a 2
    [InlineData(105)] // 3·5·7
    [InlineData(1001)] // 7·11·13, the direct butterflies
    [InlineData(997)] // a prime whose padded length is 2000
    [InlineData(2 * 3 * 5 * 7 * 11)]
    [InlineData(17 * 19)] // Bluestein on a composite
    public void NamedLengthsMatchTheDefinition(int length)
    {
        Assert.InRange(RelativeError(length, seed: 1), 0, Tolerance);
    }

    [Theory]
    [InlineData(60, typeof(MixedRadixPlan))]
    [InlineData(1001, typeof(MixedRadixPlan))]
    [InlineData(97, typeof(BluesteinPlan))]
    [InlineData(34, typeof(BluesteinPlan))]
    public void SmallPrimeFactorsGetMixedRadixAndOthersBluestein(int length, Type kind)
    {
        Assert.IsType(kind, DftPlan.Create(length));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(49, 100)]
    [InlineData(131, 270)]
    [InlineData(97, 200)]
    public void BluesteinPadsToTheNextSmoothLength(int length, int padded)
    {
        Assert.Equal(padded, BluesteinPlan.PaddedLength(length));
    }

    [Fact]
    public void PlansAreCachedPerLength()
    {
        Assert.Same(DftPlan.For(113), DftPlan.For(113));
        Assert.Equal(113, DftPlan.For(113).Length);
    }

    [Fact]
    public void OnePlanServesManyThreadsAtOnce()
    {
        var plan = DftPlan.For(139);
        var input = RandomSignal(139, seed: 3);
        var expected = Transform(plan, input);

        var results = new Complex[16][];
        Parallel.For(0, results.Length, i =>
        {
            for (var repeat = 0; repeat < 50; repeat++)
            {
                results[i] = Transform(plan, input);
            }
        });

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void WrongSizesAreRefusedWithTheSizesNeeded()
    {
        var plan = DftPlan.For(10);

        var error = Assert.Throws<ArgumentException>(() => plan.Forward(new Complex[9], new Complex[10]));
        Assert.Contains("length-10", error.Message);
        Assert.Throws<ArgumentException>(() => plan.Forward(new Complex[10], new Complex[plan.ScratchLength - 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => DftPlan.For(0));
    }

    /// <summary>The largest error against the definition, relative to the largest coefficient.</summary>
    private static double RelativeError(int n, int seed)
    {
        var input = RandomSignal(n, seed);
        var expected = NaiveDft(input);
        var actual = Transform(DftPlan.For(n), input);

        var largest = expected.Max(c => c.Magnitude);
        return expected.Zip(actual, (e, a) => (e - a).Magnitude).Max() / largest;
    }

    private static Complex[] Transform(DftPlan plan, Complex[] input)
    {
        var data = (Complex[])input.Clone();
        plan.Forward(data, new Complex[plan.ScratchLength]);
        return data;
    }

    private static Complex[] RandomSignal(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n)
            .Select(_ => new Complex(random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1))
            .ToArray();
    }

    /// <summary>X_k = Σ x_j exp(-2πi jk / n), each root from jk mod n so it is exact to rounding.</summary>
    internal static Complex[] NaiveDft(Complex[] x)
    {
        var n = x.Length;
        var result = new Complex[n];
        for (var k = 0; k < n; k++)
        {
            var sum = Complex.Zero;
            for (var j = 0; j < n; j++)
            {
                var (sin, cos) = double.SinCosPi(2.0 * ((long)j * k % n) / n);
                sum += x[j] * new Complex(cos, -sin);
            }

            result[k] = sum;
        }

        return result;
    }
}
