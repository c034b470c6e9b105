using System.Text;

namespace DeepScan.Detection.Video;

/// <summary>Recognises video containers by their first bytes, so an upload is judged by content, not by name.</summary>
public static class ContainerSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> wants (fewer are fine; it then recognises less).</summary>
    public const int HeadLength = 376;

    /// <summary>The container family (<c>iso-bmff</c>, <c>matroska</c>, <c>avi</c>, …) or null when unrecognised.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 12 && IsoBoxType(head) is "ftyp" or "moov" or "mdat" or "free" or "wide" or "skip")
        {
            return "iso-bmff"; // MP4, MOV, 3GP
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return "matroska"; // MKV, WebM
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("AVI "u8))
        {
            return "avi";
        }

        if (head.StartsWith("FLV"u8))
        {
            return "flv";
        }

        if (head.StartsWith("OggS"u8))
        {
            return "ogg";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11]))
        {
            return "asf"; // WMV
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x01, 0xBA]))
        {
            return "mpeg-ps";
        }

        if (head.Length >= 189 && head[0] == 0x47 && head[188] == 0x47)
        {
            return "mpeg-ts"; // two sync bytes a packet apart
        }

        return null;
    }

    /// <summary>Sniffs a local file's first bytes.</summary>
    public static string? SniffFile(string path)
    {
        Span<byte> head = stackalloc byte[HeadLength];
        using var file = File.OpenRead(path);
        return Sniff(head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)]);
    }

    private static string IsoBoxType(ReadOnlySpan<byte> head) => Encoding.ASCII.GetString(head[4..8]);
}
