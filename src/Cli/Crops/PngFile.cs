using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using DeepScan.Detection.Imaging;

namespace DeepScan.Cli.Crops;

/// <summary>Writes an <see cref="RgbImage"/> as a lossless 8-bit RGB PNG (zlib from the BCL, CRC-32 from
/// System.IO.Hashing), so training reads back exactly the pixels the engine scored.</summary>
internal static class PngFile
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Creates <paramref name="path"/>; an existing file is replaced only when <paramref name="overwrite"/>.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public static async Task WriteAsync(string path, RgbImage image, bool overwrite, CancellationToken cancellationToken)
    {
        var bytes = Encode(image);
        await using var file = new FileStream(
            path, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, useAsync: true);
        await file.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>The PNG bytes of <paramref name="image"/>: one IDAT of Paeth-filtered rows.</summary>
    public static byte[] Encode(RgbImage image)
    {
        using var png = new MemoryStream();
        png.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = 8; // bits per channel
        header[9] = 2; // colour type: RGB
        // Compression, filter method and interlace stay 0: deflate, adaptive filters, no interlacing.
        WriteChunk(png, "IHDR"u8, header);
        WriteChunk(png, "IDAT"u8, Deflate(image));
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static byte[] Deflate(RgbImage image)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var stride = image.Width * 3;
            var filtered = new byte[stride + 1];
            filtered[0] = 4; // Paeth: smallest files for photographs among the fixed filters
            var above = new byte[stride]; // the row before the first is zeros
            for (var y = 0; y < image.Height; y++)
            {
                var row = image.Row(y);
                for (var x = 0; x < stride; x++)
                {
                    var left = x >= 3 ? row[x - 3] : (byte)0;
                    var upperLeft = x >= 3 ? above[x - 3] : (byte)0;
                    filtered[x + 1] = (byte)(row[x] - Paeth(left, above[x], upperLeft));
                }

                zlib.Write(filtered);
                row.CopyTo(above);
            }
        }

        return compressed.ToArray();
    }

    /// <summary>The PNG specification's Paeth predictor: whichever neighbour is nearest to left + above - upper-left.</summary>
    private static byte Paeth(byte left, byte above, byte upperLeft)
    {
        var estimate = left + above - upperLeft;
        var toLeft = Math.Abs(estimate - left);
        var toAbove = Math.Abs(estimate - above);
        var toUpperLeft = Math.Abs(estimate - upperLeft);
        return toLeft <= toAbove && toLeft <= toUpperLeft ? left : toAbove <= toUpperLeft ? above : upperLeft;
    }

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(type);
        png.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, crc.GetCurrentHashAsUInt32());
        png.Write(number);
    }
}
