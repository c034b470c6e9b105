using DeepScan.Detection.Imaging;
using OpenCvSharp;

namespace DeepScan.Detection.Evidence;

/// <summary>Shrinks face crops to evidence thumbnails (area interpolation: no aliasing when shrinking).</summary>
internal static class Thumbnails
{
    public static RgbImage Of(RgbImage crop)
    {
        var scale = Math.Min(1.0, (double)FaceThumbnail.MaxSide / Math.Max(crop.Width, crop.Height));
        int width = Math.Max(1, (int)Math.Round(crop.Width * scale)), height = Math.Max(1, (int)Math.Round(crop.Height * scale));
        var thumbnail = new RgbImage(width, height);
        using var source = Mat.FromPixelData(crop.Height, crop.Width, MatType.CV_8UC3, crop.Pixels);
        using var target = Mat.FromPixelData(height, width, MatType.CV_8UC3, thumbnail.Pixels);
        Cv2.Resize(source, target, new Size(width, height), interpolation: InterpolationFlags.Area);
        return thumbnail;
    }
}
