namespace DeepScan.Detection.Imaging;

/// <summary>An 8-bit packed RGB image (3 bytes a pixel, rows without padding).</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != checked(width * height * 3))
        {
            throw new ArgumentException($"Expected {width * height * 3} bytes for {width}x{height} RGB, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public RgbImage(int width, int height) : this(width, height, new byte[checked(width * height * 3)])
    {
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major RGB bytes; row <c>y</c> starts at <c>y * Width * 3</c>.</summary>
    public byte[] Pixels { get; }

    /// <summary>The bytes of row <paramref name="y"/>.</summary>
    public Span<byte> Row(int y) => Pixels.AsSpan(y * Width * 3, Width * 3);
}
