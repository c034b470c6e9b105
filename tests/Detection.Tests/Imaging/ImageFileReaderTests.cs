using DeepScan.Detection.Imaging;
using DeepScan.Detection.Video;
using OpenCvSharp;

namespace DeepScan.Detection.Tests.Imaging;

public sealed class ImageFileReaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deepscan-images-").FullName;

    [Theory]
    [InlineData(1, 40, 20, 0, 0)] // upright: red on the left
    [InlineData(6, 20, 40, 0, 0)] // "rotate 90 CW to view": the red left half becomes the top
    [InlineData(8, 20, 40, 0, 39)] // "rotate 90 CCW to view": the red left half becomes the bottom
    public async Task JpegIsTurnedUprightByItsExifOrientation(
        ushort orientation, int width, int height, int redX, int redY)
    {
        var path = Path.Combine(folder, $"o{orientation}.jpg");
        File.WriteAllBytes(path, WithExifOrientation(LeftHalfRedJpeg(40, 20), orientation));

        var image = await ImageFileReader.ReadAsync(path, CancellationToken.None);

        Assert.Equal((width, height), (image.Width, image.Height));
        var red = image.Pixels.AsSpan((redY * image.Width + redX) * 3, 3);
        Assert.True(red[0] > 200 && red[1] < 60 && red[2] < 60, $"pixel ({redX},{redY}) is {red[0]},{red[1]},{red[2]}");
    }

    [Fact]
    public async Task MissingFileAndNonImageAreTypedErrors()
    {
        var text = Path.Combine(folder, "not-an-image.png");
        File.WriteAllText(text, "hello");

        var missing = await Assert.ThrowsAsync<VideoInputException>(
            () => ImageFileReader.ReadAsync(Path.Combine(folder, "absent.jpg"), CancellationToken.None));
        var garbage = await Assert.ThrowsAsync<VideoInputException>(
            () => ImageFileReader.ReadAsync(text, CancellationToken.None));

        Assert.Equal(VideoInputError.NotFound, missing.Reason);
        Assert.Equal(VideoInputError.NotAVideo, garbage.Reason);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static byte[] LeftHalfRedJpeg(int width, int height)
    {
        using var image = new Mat(height, width, MatType.CV_8UC3, new Scalar(255, 255, 255));
        image[new Rect(0, 0, width / 2, height)].SetTo(new Scalar(0, 0, 255)); // BGR red
        return image.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 95));
    }

    /// <summary>Inserts an APP1 Exif segment holding one IFD entry, Orientation (0x0112), right after SOI.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, // little-endian TIFF header, IFD at offset 8
            1, 0, // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, (byte)(orientation >> 8), 0, 0, // SHORT, count 1
            0, 0, 0, 0, // no next IFD
        ];
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        var length = payload.Length + 2;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload];
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }
}
