using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepScan.Detection.Video;

/// <summary>
/// Finds where decoding of a video may start without changing any frame: its H.264 IDR or HEVC IRAP frames, read from
/// the bitstream by a stream copy that keeps only those access units (no decoding), plus the x264 build its first
/// frame names. Results are remembered per file, so a host that plans and decodes in one process scans once.
/// </summary>
/// <remarks>The container's keyframe flags are not trusted: they may mark frames that do not reset the decoder. Any
/// failure or doubt (another codec, a stream that does not start with a reset frame) gives null, and the video is
/// decoded from its first frame as before.</remarks>
public sealed partial class KeyFrameScanner(ILogger<KeyFrameScanner>? logger = null)
{
    private const int CacheSize = 64;

    private readonly ILogger _logger = logger ?? NullLogger<KeyFrameScanner>.Instance;
    private readonly ConcurrentDictionary<string, KeyFrameIndex?> _known = new();

    /// <summary>The video's reset frames; null when it is to be decoded from its first frame.</summary>
    public async Task<KeyFrameIndex?> ScanAsync(VideoRef video, VideoInfo info, CancellationToken cancellationToken)
    {
        var unitTypes = info.Codec switch
        {
            "h264" => "5",
            "hevc" => "16-21",
            _ => null,
        };
        if (unitTypes is null)
        {
            _logger.LogDebug("{Video}: {Codec} is decoded from its first frame (no seeking)", video.DisplayName, info.Codec);
            return null;
        }

        var key = CacheKey(video, info);
        if (key is not null && _known.TryGetValue(key, out var known))
        {
            return known;
        }

        var clock = Stopwatch.StartNew();
        var first = FirstPacketAsync(video, info.Codec, cancellationToken);
        var resets = ResetTimesAsync(video, unitTypes, cancellationToken);
        var index = Index(video, info, await first.ConfigureAwait(false), await resets.ConfigureAwait(false));
        _logger.LogDebug(
            "{Video}: {Count} reset frames found in {Ms:0} ms", video.DisplayName, index?.Frames.Length ?? 0,
            clock.Elapsed.TotalMilliseconds);
        if (key is not null)
        {
            if (_known.Count >= CacheSize)
            {
                _known.Clear();
            }

            _known[key] = index;
        }

        return index;
    }

    private KeyFrameIndex? Index(VideoRef video, VideoInfo info, FirstPacket? first, double[]? resets)
    {
        if (first is null || resets is null)
        {
            return null; // logged where it failed
        }

        if (!first.IsReset || resets.Length == 0)
        {
            _logger.LogInformation(
                "{Video}: the stream does not start with a reset frame; it is decoded from its first frame",
                video.DisplayName);
            return null;
        }

        var origin = resets[0];
        var frames = resets
            .Select(t => (int)Math.Round((t - origin) * info.Fps, MidpointRounding.AwayFromZero))
            .Where(f => f >= 0)
            .Distinct()
            .Order()
            .ToArray();
        return new KeyFrameIndex(frames, origin, first.X264Build);
    }

    /// <summary>The timestamps (seconds) of the access units holding a reset frame, in stream order.</summary>
    private async Task<double[]?> ResetTimesAsync(VideoRef video, string unitTypes, CancellationToken cancellationToken)
    {
        // -copyts: container timestamps, as the seeking decode sees them.
        var listing = await StreamCopyAsync(
            video, "reset frames", ["-copyts"],
            ["-bsf:v", $"filter_units=pass_types={unitTypes}", "-f", "framecrc"], cancellationToken).ConfigureAwait(false);
        return listing is null ? null : ParseFrameCrc(Encoding.ASCII.GetString(listing));
    }

    /// <summary>Packet times from ffmpeg's <c>framecrc</c> listing (<c>#tb 0: num/den</c>, then
    /// <c>stream, dts, pts, duration, size, crc</c> per packet); null without a time base.</summary>
    internal static double[]? ParseFrameCrc(string listing)
    {
        var timeBase = TimeBasePattern().Match(listing);
        if (!timeBase.Success)
        {
            return null;
        }

        var num = long.Parse(timeBase.Groups[1].Value, CultureInfo.InvariantCulture);
        var den = long.Parse(timeBase.Groups[2].Value, CultureInfo.InvariantCulture);
        return PacketPattern().Matches(listing)
            .Select(m => (double)long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * num / den)
            .ToArray();
    }

    /// <summary>Whether the stream's first packet holds a reset frame, and the x264 build it names.</summary>
    private async Task<FirstPacket?> FirstPacketAsync(VideoRef video, string codec, CancellationToken cancellationToken)
    {
        var bytes = await StreamCopyAsync(
            video, "its first frame", [],
            ["-bsf:v", codec == "hevc" ? "hevc_mp4toannexb" : "h264_mp4toannexb", "-frames:v", "1", "-f", "data"],
            cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : FirstPacket.Parse(bytes, codec);
    }

    /// <summary>What ffmpeg writes copying the video stream (no decoding) with <paramref name="output"/> options;
    /// null, logged, when it fails.</summary>
    private async Task<byte[]?> StreamCopyAsync(
        VideoRef video, string what, string[] input, string[] output, CancellationToken cancellationToken)
    {
        var bytes = new MemoryStream();
        var (exitCode, stderr) = await ExternalProcess.RunAsync(
            "ffmpeg",
            ["-nostdin", "-hide_banner", "-loglevel", "error", .. input, .. FfmpegInput.Arguments(video),
                "-map", "0:V:0", "-c", "copy", .. output, "pipe:1"],
            (stdout, ct) => stdout.CopyToAsync(bytes, ct),
            cancellationToken,
            environment: FfmpegAllocator.Environment).ConfigureAwait(false);
        if (exitCode == 0)
        {
            return bytes.ToArray();
        }

        _logger.LogWarning(
            "{Video}: {What} could not be read ({Reason}); it is decoded from its first frame",
            video.DisplayName, what, FfmpegInput.LastError(video, stderr));
        return null;
    }

    /// <summary>Local files are remembered by path, size and time written; remote ones (short-lived URLs) not at all.
    /// </summary>
    private static string? CacheKey(VideoRef video, VideoInfo info)
    {
        if (video.IsRemote)
        {
            return null;
        }

        var file = new FileInfo(video.Location);
        return file.Exists ? $"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}|{info}" : null;
    }

    [GeneratedRegex(@"^#tb 0: (\d+)/(\d+)", RegexOptions.Multiline)]
    private static partial Regex TimeBasePattern();

    [GeneratedRegex(@"^0,\s*-?\d+,\s*(-?\d+),", RegexOptions.Multiline)]
    private static partial Regex PacketPattern();
}
