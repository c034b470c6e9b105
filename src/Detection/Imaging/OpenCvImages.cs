using OpenCvSharp;

namespace DeepScan.Detection.Imaging;

/// <summary>Moves pixels between <see cref="RgbImage"/> and OpenCV's BGR <see cref="Mat"/>.</summary>
internal static class OpenCvImages
{
    /// <summary>A copy of an 8-bit, 3-channel BGR mat as RGB.</summary>
    public static RgbImage ToRgb(Mat bgr)
    {
        var image = new RgbImage(bgr.Width, bgr.Height);
        using var rgb = Mat.FromPixelData(bgr.Height, bgr.Width, MatType.CV_8UC3, image.Pixels);
        Cv2.CvtColor(bgr, rgb, ColorConversionCodes.BGR2RGB);
        return image;
    }

    /// <summary>A BGR copy of <paramref name="image"/>, owned by the caller.</summary>
    public static Mat ToBgr(RgbImage image)
    {
        using var rgb = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        var bgr = new Mat();
        Cv2.CvtColor(rgb, bgr, ColorConversionCodes.RGB2BGR);
        return bgr;
    }
}
