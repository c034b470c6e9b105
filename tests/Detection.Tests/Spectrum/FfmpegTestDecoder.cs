using System.Globalization;
using DeepScan.Detection.Imaging;

namespace DeepScan.Detection.Tests.Spectrum;

/// <summary>Test-only image decoding with ffmpeg (rgb24), sized by ffprobe.</summary>
internal static class FfmpegTestDecoder
{
    public static RgbImage Decode(string path)
    {
        var probe = ExternalTool.Run("ffprobe", "-v", "error",
            "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path);
        var size = System.Text.Encoding.ASCII.GetString(probe).Trim().Split(',');
        var width = int.Parse(size[0], CultureInfo.InvariantCulture);
        var height = int.Parse(size[1], CultureInfo.InvariantCulture);
        var pixels = ExternalTool.Run("ffmpeg", "-nostdin", "-v", "error", "-i", path,
            "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        return new RgbImage(width, height, pixels);
    }
}
