using DeepScan.Detection.Video;
using OpenCvSharp;

namespace DeepScan.Detection.Imaging;

/// <summary>Decodes a still image (JPEG, PNG, …) to RGB with OpenCV, for face-crop evaluation.</summary>
/// <remarks><c>Cv2.ImRead</c> turns the picture upright by its EXIF orientation, as a viewer shows it.</remarks>
public static class ImageFileReader
{
    /// <exception cref="VideoInputException">The file is missing or not an image OpenCV can read.</exception>
    public static Task<RgbImage> ReadAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!File.Exists(path))
        {
            throw new VideoInputException(VideoInputError.NotFound, $"Image '{path}' does not exist.");
        }

        using var bgr = Cv2.ImRead(path, ImreadModes.Color);
        if (bgr.Empty())
        {
            throw new VideoInputException(VideoInputError.NotAVideo, $"'{path}' is not an image OpenCV can read.");
        }

        return Task.FromResult(OpenCvImages.ToRgb(bgr));
    }
}
