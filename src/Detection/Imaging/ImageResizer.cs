namespace DeepScan.Detection.Imaging;

/// <summary>Resamples RGB images with a separable triangle (bilinear) filter.</summary>
/// <remarks>
/// When shrinking, the filter widens with the scale, as PIL's antialiased BILINEAR does, so a 1080p frame reduced to a
/// detector's 256 px input averages every source pixel instead of skipping most of them (which aliases small faces).
/// </remarks>
public static class ImageResizer
{
    /// <summary>A new image of <paramref name="width"/> × <paramref name="height"/> resampled from <paramref name="source"/>.</summary>
    public static RgbImage Resize(RgbImage source, int width, int height)
    {
        if (width == source.Width && height == source.Height)
        {
            return new RgbImage(width, height, (byte[])source.Pixels.Clone());
        }

        var horizontal = FilterTaps.For(source.Width, width);
        var vertical = FilterTaps.For(source.Height, height);

        // Horizontal pass into floats (source rows × target columns), then vertical pass into bytes.
        var temp = new float[source.Height * width * 3];
        for (var y = 0; y < source.Height; y++)
        {
            var row = source.Row(y);
            var outRow = temp.AsSpan(y * width * 3, width * 3);
            for (var x = 0; x < width; x++)
            {
                float r = 0, g = 0, b = 0;
                var (start, weights) = horizontal[x];
                for (var k = 0; k < weights.Length; k++)
                {
                    var i = (start + k) * 3;
                    var w = weights[k];
                    r += row[i] * w;
                    g += row[i + 1] * w;
                    b += row[i + 2] * w;
                }

                outRow[x * 3] = r;
                outRow[x * 3 + 1] = g;
                outRow[x * 3 + 2] = b;
            }
        }

        var result = new RgbImage(width, height);
        var stride = width * 3;
        for (var y = 0; y < height; y++)
        {
            var (start, weights) = vertical[y];
            var outRow = result.Row(y);
            for (var i = 0; i < stride; i++)
            {
                float v = 0;
                for (var k = 0; k < weights.Length; k++)
                {
                    v += temp[(start + k) * stride + i] * weights[k];
                }

                outRow[i] = (byte)Math.Clamp((int)MathF.Round(v), 0, 255);
            }
        }

        return result;
    }

    /// <summary>For each output coordinate: the first source index it reads and the normalised weights.</summary>
    private static class FilterTaps
    {
        public static (int Start, float[] Weights)[] For(int sourceSize, int targetSize)
        {
            var scale = (double)sourceSize / targetSize;
            var support = Math.Max(1.0, scale); // triangle radius in source pixels
            var taps = new (int, float[])[targetSize];
            for (var o = 0; o < targetSize; o++)
            {
                var centre = (o + 0.5) * scale;
                var start = Math.Max(0, (int)Math.Floor(centre - support));
                var end = Math.Min(sourceSize, (int)Math.Ceiling(centre + support));
                var weights = new float[end - start];
                double sum = 0;
                for (var s = start; s < end; s++)
                {
                    var w = Math.Max(0, 1 - Math.Abs((s + 0.5 - centre) / support));
                    weights[s - start] = (float)w;
                    sum += w;
                }

                if (sum <= 0)
                {
                    // Degenerate window (can only happen at the edges): take the nearest pixel.
                    start = Math.Clamp((int)centre, 0, sourceSize - 1);
                    weights = [1f];
                }
                else
                {
                    for (var k = 0; k < weights.Length; k++)
                    {
                        weights[k] = (float)(weights[k] / sum);
                    }
                }

                taps[o] = (start, weights);
            }

            return taps;
        }
    }
}
