using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepScan.Detection.Imaging;

/// <summary>Resamples RGB images with a separable triangle (bilinear) filter.</summary>
/// <remarks>
/// <para>When shrinking, the filter widens with the scale, as PIL's antialiased BILINEAR does, so a 1080p frame
/// reduced to a detector's 256 px input averages every source pixel instead of skipping most of them (which aliases
/// small faces).</para>
/// <para>It runs on every sampled frame, so it is written for speed: fixed-point weights (14 bits, summing exactly to
/// one, so flat colour stays exact), the vertical pass first over whole rows with SIMD, then the horizontal pass on
/// one intermediate row at a time (8 fractional bits), with no buffer larger than a row.</para>
/// </remarks>
public static class ImageResizer
{
    private const int WeightBits = 14;
    private const int RowBits = 8; // fractional bits kept between the passes
    private const int VerticalShift = WeightBits - RowBits;
    private const int HorizontalShift = WeightBits + RowBits;

    /// <summary>A new image of <paramref name="width"/> × <paramref name="height"/> resampled from <paramref name="source"/>.</summary>
    public static RgbImage Resize(RgbImage source, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (width == source.Width && height == source.Height)
        {
            return new RgbImage(width, height, (byte[])source.Pixels.Clone());
        }

        var horizontal = FilterTaps.For(source.Width, width);
        var vertical = FilterTaps.For(source.Height, height);
        var result = new RgbImage(width, height);
        // One spare element: the horizontal pass reads four values (a pixel and the next red) at a time.
        var row = new ushort[source.Width * 3 + 1];
        for (var y = 0; y < height; y++)
        {
            FilterRows(source, vertical, y, row);
            FilterColumns(row, horizontal, result.Row(y));
        }

        return result;
    }

    /// <summary>Output row <paramref name="y"/> of the vertical pass over every source column, with
    /// <see cref="RowBits"/> fractional bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FilterRows(RgbImage source, FilterTaps taps, int y, Span<ushort> row)
    {
        var start = taps.Start[y];
        var weights = taps.WeightsOf(y);
        var stride = source.Width * 3;
        ref var pixels = ref MemoryMarshal.GetArrayDataReference(source.Pixels);
        ref var output = ref MemoryMarshal.GetReference(row);
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var half = new Vector<int>(1 << (VerticalShift - 1));
            for (; x <= stride - Vector<byte>.Count; x += Vector<byte>.Count)
            {
                Vector<int> a0 = half, a1 = half, a2 = half, a3 = half;
                var offset = (nuint)(start * stride + x);
                for (var k = 0; k < weights.Length; k++, offset += (nuint)stride)
                {
                    var w = new Vector<int>(weights[k]);
                    Vector.Widen(Vector.LoadUnsafe(ref pixels, offset), out var low, out var high);
                    Vector.Widen(low, out var l0, out var l1);
                    Vector.Widen(high, out var h0, out var h1);
                    a0 += Vector.AsVectorInt32(l0) * w;
                    a1 += Vector.AsVectorInt32(l1) * w;
                    a2 += Vector.AsVectorInt32(h0) * w;
                    a3 += Vector.AsVectorInt32(h1) * w;
                }

                Vector.StoreUnsafe(Narrow(a0, a1), ref output, (nuint)x);
                Vector.StoreUnsafe(Narrow(a2, a3), ref output, (nuint)(x + Vector<ushort>.Count));
            }
        }

        for (; x < stride; x++)
        {
            var sum = 1 << (VerticalShift - 1);
            for (var k = 0; k < weights.Length; k++)
            {
                sum += source.Pixels[(start + k) * stride + x] * weights[k];
            }

            row[x] = (ushort)(sum >> VerticalShift);
        }
    }

    private static Vector<ushort> Narrow(Vector<int> low, Vector<int> high) => Vector.Narrow(
        Vector.AsVectorUInt32(Vector.ShiftRightLogical(low, VerticalShift)),
        Vector.AsVectorUInt32(Vector.ShiftRightLogical(high, VerticalShift)));

    /// <summary>The horizontal pass over one intermediate row, rounded to bytes: one four-lane multiply-add per tap
    /// covers a pixel's three channels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FilterColumns(ReadOnlySpan<ushort> row, FilterTaps taps, Span<byte> output)
    {
        ref var values = ref Unsafe.As<ushort, byte>(ref MemoryMarshal.GetReference(row));
        var half = Vector128.Create(1 << (HorizontalShift - 1));
        for (var x = 0; x < taps.Start.Length; x++)
        {
            var weights = taps.WeightsOf(x);
            var offset = taps.Start[x] * 3 * sizeof(ushort);
            var sum = half;
            for (var k = 0; k < weights.Length; k++, offset += 3 * sizeof(ushort))
            {
                var pixel = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref values, offset)));
                sum += Vector128.WidenLower(pixel.AsUInt16()).AsInt32() * Vector128.Create(weights[k]);
            }

            sum = Vector128.ShiftRightArithmetic(sum, HorizontalShift);
            output[x * 3] = Clamp(sum.GetElement(0));
            output[x * 3 + 1] = Clamp(sum.GetElement(1));
            output[x * 3 + 2] = Clamp(sum.GetElement(2));
        }
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);

    /// <summary>For each output coordinate: the first source index it reads and its fixed-point weights.</summary>
    private sealed class FilterTaps
    {
        private readonly int[] _weights;
        private readonly int[] _count;
        private readonly int _stride;

        private FilterTaps(int[] start, int[] count, int[] weights, int stride)
        {
            Start = start;
            _count = count;
            _weights = weights;
            _stride = stride;
        }

        public int[] Start { get; }

        public ReadOnlySpan<int> WeightsOf(int output) => _weights.AsSpan(output * _stride, _count[output]);

        public static FilterTaps For(int sourceSize, int targetSize)
        {
            var scale = (double)sourceSize / targetSize;
            var support = Math.Max(1.0, scale); // triangle radius in source pixels
            var stride = (int)Math.Ceiling(2 * support) + 2;
            var start = new int[targetSize];
            var count = new int[targetSize];
            var weights = new int[targetSize * stride];
            Span<double> exact = stackalloc double[stride];
            for (var o = 0; o < targetSize; o++)
            {
                var centre = (o + 0.5) * scale;
                var first = Math.Max(0, (int)Math.Floor(centre - support));
                var end = Math.Min(sourceSize, (int)Math.Ceiling(centre + support));
                double sum = 0;
                for (var s = first; s < end; s++)
                {
                    exact[s - first] = Math.Max(0, 1 - Math.Abs((s + 0.5 - centre) / support));
                    sum += exact[s - first];
                }

                if (sum <= 0)
                {
                    // Degenerate window (can only happen at the edges): take the nearest pixel.
                    first = Math.Clamp((int)centre, 0, sourceSize - 1);
                    end = first + 1;
                    exact[0] = sum = 1;
                }

                start[o] = first;
                count[o] = end - first;
                Quantise(exact[..count[o]], sum, weights.AsSpan(o * stride, count[o]));
            }

            return new FilterTaps(start, count, weights, stride);
        }

        /// <summary>Normalised weights in fixed point, summing to exactly one so that flat colour stays exact.</summary>
        private static void Quantise(ReadOnlySpan<double> exact, double sum, Span<int> weights)
        {
            var total = 0;
            var largest = 0;
            for (var k = 0; k < exact.Length; k++)
            {
                weights[k] = (int)Math.Round(exact[k] / sum * (1 << WeightBits));
                total += weights[k];
                largest = weights[k] > weights[largest] ? k : largest;
            }

            weights[largest] += (1 << WeightBits) - total;
        }
    }
}
