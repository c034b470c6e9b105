using DeepScan.Detection.Video;

namespace DeepScan.Detection.Imaging;

/// <summary>Decodes a still image (JPEG, PNG, …) to RGB with ffmpeg, for face-crop evaluation.</summary>
public static class ImageFileReader
{
    /// <exception cref="VideoInputException">The file is missing or not an image ffmpeg can read.</exception>
    public static async Task<RgbImage> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var image = new VideoRef(path);
        var info = await new VideoProber().ProbeAsync(image, cancellationToken).ConfigureAwait(false);
        var frames = await new FrameDecoder().DecodeAsync(
            new FrameChunk(image, info with { FrameCount = 1, Fps = 1 }, 0, [0]), cancellationToken).ConfigureAwait(false);
        return frames[0].Image;
    }
}
