using System.Diagnostics;
using System.Text;
using DeepScan.Detection.Imaging;

namespace DeepScan.Detection.Tests.Faces;

/// <summary>
/// Test fixture input: one still image or one video frame decoded by ffmpeg into an <see cref="RgbImage"/>, in display
/// orientation (ffmpeg applies a video's rotation). Frames come out as PPM, whose header carries the dimensions.
/// </summary>
/// <remarks>
/// Video frames are picked by index while decoding from the start: seeking with <c>-ss</c> before the input starts
/// decoding at the nearest I-frame, and in the FaceForensics++ files frames after an I-frame still reference frames
/// before it, so a seeked frame comes out as grey and green blocks.
/// </remarks>
internal static class FfmpegStills
{
    public static RgbImage ReadImage(string path) => Decode(["-i", path, "-frames:v", "1"])[0];

    /// <summary>The frames at <paramref name="indices"/> (ascending), decoded in one pass from the start.</summary>
    public static IReadOnlyList<RgbImage> ReadVideoFrames(string path, params int[] indices)
    {
        var select = string.Join('+', indices.Select(i => $"eq(n\\,{i})"));
        var frames = Decode(["-i", path, "-vf", $"select={select}", "-fps_mode", "passthrough", "-frames:v", $"{indices.Length}"]);
        return frames.Count == indices.Length
            ? frames
            : throw new InvalidOperationException($"{path} has {frames.Count} of the frames {string.Join(", ", indices)}.");
    }

    /// <summary>A frame of one of ffmpeg's generated sources, e.g. <c>testsrc2=size=1280x720</c>.</summary>
    public static RgbImage Generate(string lavfiSource) => Decode(["-f", "lavfi", "-i", lavfiSource, "-frames:v", "1"])[0];

    private static List<RgbImage> Decode(string[] inputArguments)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-v", "error", "-nostdin", .. inputArguments, "-f", "image2pipe", "-c:v", "ppm", "-pix_fmt", "rgb24", "-"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0 || output.Length == 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', inputArguments)} failed: {stderr.Result}");
        }

        var bytes = output.ToArray();
        var images = new List<RgbImage>();
        for (var position = 0; position < bytes.Length;)
        {
            images.Add(ParsePpm(bytes, ref position));
        }

        return images;
    }

    // P6 <width> <height> <maxval> followed by one whitespace byte and width·height·3 bytes.
    private static RgbImage ParsePpm(byte[] ppm, ref int position)
    {
        var fields = new string[4];
        for (var f = 0; f < fields.Length; f++)
        {
            while (char.IsWhiteSpace((char)ppm[position]))
            {
                position++;
            }

            var begin = position;
            while (!char.IsWhiteSpace((char)ppm[position]))
            {
                position++;
            }

            fields[f] = Encoding.ASCII.GetString(ppm, begin, position - begin);
        }

        if (fields[0] != "P6" || fields[3] != "255")
        {
            throw new InvalidOperationException($"Unexpected PPM header {string.Join(' ', fields)}.");
        }

        int width = int.Parse(fields[1]), height = int.Parse(fields[2]);
        var pixels = ppm.AsSpan(position + 1, width * height * 3).ToArray();
        position += 1 + pixels.Length;
        return new RgbImage(width, height, pixels);
    }
}
