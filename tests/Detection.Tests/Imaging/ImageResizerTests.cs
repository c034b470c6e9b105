using DeepScan.Detection.Imaging;

namespace DeepScan.Detection.Tests.Imaging;

public sealed class ImageResizerTests
{
    private static RgbImage Filled(int w, int h, Func<int, int, (byte R, byte G, byte B)> colour)
    {
        var image = new RgbImage(w, h);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var (r, g, b) = colour(x, y);
                image.Row(y)[x * 3] = r;
                image.Row(y)[x * 3 + 1] = g;
                image.Row(y)[x * 3 + 2] = b;
            }
        }

        return image;
    }

    [Theory]
    [InlineData(1920, 1080, 256, 144)]
    [InlineData(64, 48, 256, 192)]
    [InlineData(7, 5, 3, 2)]
    public void UniformColourStaysExactInBothDirections(int w, int h, int tw, int th)
    {
        var resized = ImageResizer.Resize(Filled(w, h, (_, _) => (200, 100, 50)), tw, th);

        Assert.Equal(tw, resized.Width);
        Assert.Equal(th, resized.Height);
        Assert.All(resized.Pixels.Chunk(3), p => Assert.Equal([200, 100, 50], p));
    }

    [Fact]
    public void ShrinkingAveragesFineDetailInsteadOfAliasingIt()
    {
        // A one-pixel checkerboard must become mid-grey, not a pattern picked by the sampling phase.
        var board = Filled(512, 512, (x, y) => (x + y) % 2 == 0 ? ((byte)0, (byte)0, (byte)0) : ((byte)255, (byte)255, (byte)255));

        var small = ImageResizer.Resize(board, 64, 64);

        Assert.All(small.Pixels, v => Assert.InRange(v, 120, 135));
    }

    [Theory]
    [InlineData(1920, 1080, 256, 144)] // a 1080p frame to BlazeFace
    [InlineData(1000, 563, 256, 144)]  // rows that are not a whole number of SIMD vectors
    [InlineData(150, 150, 256, 256)]   // a small face crop up to a classifier
    [InlineData(33, 17, 20, 40)]       // shrink one way, stretch the other
    [InlineData(7, 5, 3, 2)]
    public void FixedPointFilterMatchesTheExactTriangleFilterWithinOneLevel(int w, int h, int tw, int th)
    {
        var random = new Random(w * 31 + h);
        var noise = new RgbImage(w, h);
        random.NextBytes(noise.Pixels);

        var fast = ImageResizer.Resize(noise, tw, th);
        var exact = ExactTriangleResize(noise, tw, th);

        Assert.All(fast.Pixels.Zip(exact), p => Assert.InRange(p.First - p.Second, -1, 1));
    }

    /// <summary>The antialiased triangle filter in double precision: what the resizer approximates.</summary>
    private static byte[] ExactTriangleResize(RgbImage source, int width, int height)
    {
        var result = new byte[width * height * 3];
        var columns = Enumerable.Range(0, width).Select(x => Taps(source.Width, width, x)).ToArray();
        for (var y = 0; y < height; y++)
        {
            var rows = Taps(source.Height, height, y);
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = rows.Sum(r => columns[x].Sum(q => r.Weight * q.Weight * source.Row(r.Index)[q.Index * 3 + c]));
                    result[(y * width + x) * 3 + c] = (byte)Math.Clamp((int)Math.Round(sum), 0, 255);
                }
            }
        }

        return result;
    }

    private static (int Index, double Weight)[] Taps(int sourceSize, int targetSize, int output)
    {
        var scale = (double)sourceSize / targetSize;
        var support = Math.Max(1.0, scale);
        var centre = (output + 0.5) * scale;
        var taps = Enumerable.Range(0, sourceSize)
            .Select(s => (Index: s, Weight: Math.Max(0, 1 - Math.Abs((s + 0.5 - centre) / support))))
            .Where(t => t.Weight > 0)
            .ToArray();
        var total = taps.Sum(t => t.Weight);
        return taps.Select(t => (t.Index, t.Weight / total)).ToArray();
    }

    [Fact]
    public void LetterboxCentresThePictureAndMapsBoxesBack()
    {
        var wide = Filled(200, 100, (_, _) => (255, 255, 255));

        var box = Letterbox.Fit(wide, 128, 128);

        Assert.Equal(0.64f, box.Scale, 4);
        Assert.Equal(32, box.OffsetY);
        Assert.Equal(0, box.Canvas.Row(0)[0]);            // padding is zero
        Assert.Equal(255, box.Canvas.Row(64)[64 * 3]);    // picture in the middle
        var back = box.ToSource(new FaceBox(0, 32, 128, 64));
        Assert.Equal(new FaceBox(0, 0, 200, 100), back);
    }

    [Fact]
    public void PackerWritesBothLayoutsWithPerChannelNormalisation()
    {
        var image = Filled(2, 1, (x, _) => x == 0 ? ((byte)255, (byte)0, (byte)51) : ((byte)0, (byte)255, (byte)102));
        var nhwc = new float[6];
        var nchw = new float[6];

        TensorPacker.WriteNhwc(image, nhwc, [0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]);
        TensorPacker.WriteNchw(image, nchw, [0, 0, 0], [1, 1, 1]);

        Assert.Equal([1f, -1f, -0.6f, -1f, 1f, -0.2f], nhwc, new ToleranceComparer(1e-6f));
        Assert.Equal([1f, 0f, 0f, 1f, 0.2f, 0.4f], nchw, new ToleranceComparer(1e-6f));
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
