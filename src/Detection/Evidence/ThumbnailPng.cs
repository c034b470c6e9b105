using DeepScan.Detection.Imaging;
using OpenCvSharp;

namespace DeepScan.Detection.Evidence;

/// <summary>Thumbnails to and from PNG (lossless: the evidence shows exactly the pixels that were scored, shrunk).
/// </summary>
internal static class ThumbnailPng
{
    public static byte[] Encode(RgbImage image)
    {
        using var bgr = OpenCvImages.ToBgr(image);
        return bgr.ImEncode(".png");
    }

    /// <exception cref="InvalidDataException">The bytes are not an image OpenCV can decode.</exception>
    public static RgbImage Decode(byte[] png)
    {
        using var bgr = Cv2.ImDecode(png, ImreadModes.Color);
        if (bgr.Empty())
        {
            throw new InvalidDataException($"A stored face thumbnail ({png.Length} bytes) is not a decodable image.");
        }

        return OpenCvImages.ToRgb(bgr);
    }
}
