using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;

namespace DeepScan.Detection.Tests.Video;

/// <summary>Media made with ffmpeg at test time (never committed): small clips, broken files, edge cases.</summary>
public sealed class GeneratedVideos : IDisposable
{
    public GeneratedVideos()
    {
        Folder = Directory.CreateTempSubdirectory("deepscan-video").FullName;
        Small = Make("small.mp4", "-f", "lavfi", "-i", "testsrc=s=64x32:r=10", "-t", "3", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "5");
        Rotated = Make("rotated.mp4", "-i", Small, "-c", "copy", "-metadata:s:v:0", "rotate=90");
        AudioOnly = Make("audio.mp4", "-f", "lavfi", "-i", "sine=d=2", "-c:a", "aac");
        FourHours = Make("four-hours.mp4", "-f", "lavfi", "-i", "color=c=black:s=16x16:r=1", "-t", "14400", "-c:v", "libx264", "-preset", "ultrafast");
        MoovAtEnd = Make("moov-at-end.mp4", "-f", "lavfi", "-i", "testsrc=s=64x32:r=10", "-t", "3", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        FastStart = Make("faststart.mp4", "-i", MoovAtEnd, "-c", "copy", "-movflags", "+faststart");
        var cover = Make("cover.png", "-f", "lavfi", "-i", "color=c=red:s=16x16", "-frames:v", "1");
        var coverLast = Make("cover-last.mp4", "-i", Small, "-i", cover, "-map", "0:v", "-map", "1:v", "-c:v:0", "copy",
            "-c:v:1", "png", "-disposition:v:1", "attached_pic");
        CoverArtFirst = Write("cover-first.mp4", MoveUserDataFirst(File.ReadAllBytes(coverLast)));
    }

    public string Folder { get; }

    /// <summary>64x32, 30 frames at 10 fps, a keyframe every 5 frames.</summary>
    public string Small { get; }

    /// <summary><see cref="Small"/> with a 90° display rotation.</summary>
    public string Rotated { get; }

    public string AudioOnly { get; }

    public string FourHours { get; }

    public string MoovAtEnd { get; }

    /// <summary>The index (moov) first, so a cut file still probes but ends early.</summary>
    public string FastStart { get; }

    /// <summary><see cref="Small"/> with a 16x16 cover picture (an <c>attached_pic</c> video stream) that ffmpeg lists
    /// as stream 0, before the video: its metadata box comes first in the index, as some muxers write it.</summary>
    public string CoverArtFirst { get; }

    /// <summary>The first <paramref name="fraction"/> of a file's bytes, as an interrupted upload leaves it.</summary>
    public string Truncate(string source, double fraction, string name)
    {
        var bytes = File.ReadAllBytes(source);
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * fraction)]);
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Runs ffmpeg with <paramref name="arguments"/>, writing <paramref name="name"/> in <see cref="Folder"/>.</summary>
    public string Make(string name, params string[] arguments)
    {
        var path = Path.Combine(Folder, name);
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-nostdin", "-v", "error", "-y" }.Concat(arguments).Append(path))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not make {name}: {error}");
        }

        return path;
    }

    /// <summary>An MP4 whose index (moov, after the media) is mvhd, trak, udta, rewritten as mvhd, udta, trak. The
    /// index keeps its size and the media do not move, so no offset changes; ffmpeg then creates the cover art's
    /// stream (from udta) before the track's.</summary>
    private static byte[] MoveUserDataFirst(byte[] mp4)
    {
        var (moov, moovSize) = Box(mp4, 0, mp4.Length, "moov");
        var (mvhd, mvhdSize) = Box(mp4, moov + 8, moov + moovSize, "mvhd");
        var (trak, trakSize) = Box(mp4, moov + 8, moov + moovSize, "trak");
        var (udta, udtaSize) = Box(mp4, moov + 8, moov + moovSize, "udta");
        if (mvhd + mvhdSize != trak || trak + trakSize != udta)
        {
            throw new InvalidOperationException("ffmpeg's moov is no longer mvhd, trak, udta");
        }

        var result = (byte[])mp4.Clone();
        mp4.AsSpan(udta, udtaSize).CopyTo(result.AsSpan(trak));
        mp4.AsSpan(trak, trakSize).CopyTo(result.AsSpan(trak + udtaSize));
        return result;
    }

    private static (int Offset, int Size) Box(byte[] file, int from, int to, string type)
    {
        for (var at = from; at + 8 <= to;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            if (size < 8)
            {
                throw new InvalidOperationException($"box at {at} has a size this reader does not take ({size})");
            }

            if (Encoding.ASCII.GetString(file, at + 4, 4) == type)
            {
                return (at, size);
            }

            at += size;
        }

        throw new InvalidOperationException($"no {type} box");
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
