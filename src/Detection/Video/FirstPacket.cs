using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DeepScan.Detection.Video;

/// <summary>What a stream's first access unit (Annex B bytes) says: whether it resets the decoder, and the x264 build
/// its version SEI names.</summary>
internal sealed partial record FirstPacket(bool IsReset, int? X264Build)
{
    public static FirstPacket Parse(byte[] annexB, string codec)
    {
        var reset = false;
        for (var i = 0; i + 3 < annexB.Length; i++)
        {
            if (annexB[i] != 0 || annexB[i + 1] != 0 || annexB[i + 2] != 1)
            {
                continue;
            }

            var header = annexB[i + 3];
            reset |= codec == "hevc" ? ((header >> 1) & 0x3F) is >= 16 and <= 21 : (header & 0x1F) == 5;
            i += 2;
        }

        var version = X264Pattern().Match(Encoding.ASCII.GetString(annexB));
        return new FirstPacket(
            reset,
            version.Success ? int.Parse(version.Groups[1].Value, CultureInfo.InvariantCulture) : null);
    }

    [GeneratedRegex(@"x264 - core (\d+)")]
    private static partial Regex X264Pattern();
}
