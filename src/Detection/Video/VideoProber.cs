using System.Globalization;
using System.Text.Json;

namespace DeepScan.Detection.Video;

/// <summary>Reads a video's first video stream with ffprobe and checks it against the <see cref="VideoLimits"/>.</summary>
public sealed class VideoProber(VideoLimits? limits = null)
{
    // Still images have no duration; they are one frame (used when scoring face-crop sets).
    private static readonly HashSet<string> StillImageCodecs = ["png", "mjpeg", "bmp", "webp", "tiff", "gif"];

    private readonly VideoLimits _limits = limits ?? new VideoLimits();

    /// <exception cref="VideoInputException">The input is missing, empty, not a video, audio only, truncated, or
    /// over a limit.</exception>
    public async Task<VideoInfo> ProbeAsync(VideoRef video, CancellationToken cancellationToken)
    {
        var name = video.DisplayName;
        if (!video.IsRemote)
        {
            var file = new FileInfo(video.Location);
            if (!file.Exists)
            {
                throw new VideoInputException(VideoInputError.NotFound, $"{name}: file not found ({video.Location}).");
            }

            if (file.Length == 0)
            {
                throw new VideoInputException(VideoInputError.Empty, $"{name}: the file is empty (0 bytes).");
            }

            if (file.Length > _limits.MaxBytes)
            {
                throw new VideoInputException(VideoInputError.TooLarge,
                    $"{name}: {file.Length / 1048576.0:0} MiB is over the {_limits.MaxBytes / 1048576.0:0} MiB limit.");
            }
        }

        string[] arguments = ["-v", "error", "-print_format", "json", "-show_streams", "-show_format",
            .. FfmpegInput.Arguments(video)];
        var stdout = new MemoryStream();
        var (exitCode, stderr) = await ExternalProcess.RunAsync(
            "ffprobe",
            arguments,
            (s, ct) => s.CopyToAsync(stdout, ct),
            cancellationToken,
            environment: FfmpegAllocator.Environment).ConfigureAwait(false);
        if (exitCode != 0)
        {
            var last = FfmpegInput.LastError(video, stderr);
            // An MP4 whose index (moov) never arrived starts like a video but cannot be read: an interrupted upload.
            var truncated = stderr.Contains("moov atom not found", StringComparison.OrdinalIgnoreCase)
                && !video.IsRemote && ContainerSniffer.SniffFile(video.Location) is not null;
            throw new VideoInputException(
                truncated ? VideoInputError.Truncated : VideoInputError.NotAVideo,
                truncated ? $"{name}: the file is truncated or incomplete ({last})."
                    : $"{name}: not a video ffmpeg can read ({last}).");
        }

        FfprobeOutput? probe;
        try
        {
            probe = JsonSerializer.Deserialize(stdout.ToArray(), FfprobeJsonContext.Default.FfprobeOutput);
        }
        catch (JsonException ex)
        {
            throw new VideoInputException(VideoInputError.NotAVideo, $"{name}: ffprobe's report was unreadable.", ex);
        }

        return Check(name, probe);
    }

    private VideoInfo Check(string name, FfprobeOutput? probe)
    {
        // Cover art in audio files is a one-picture "video" stream; it is not a video.
        var stream = probe?.Streams?.FirstOrDefault(s => s.CodecType == "video"
            && s.Disposition?.GetValueOrDefault("attached_pic") != 1);
        if (stream is null)
        {
            throw new VideoInputException(VideoInputError.NoVideoStream,
                probe?.Streams?.Any(s => s.CodecType == "audio") == true
                    ? $"{name}: audio only, there is no video stream."
                    : $"{name}: there is no video stream.");
        }

        var fps = Rate(stream.AvgFrameRate) is > 0 and var avg ? avg : Rate(stream.RFrameRate);
        var duration = Number(stream.Duration) ?? Number(probe!.Format?.Duration) ?? 0;
        var timed = (int)Math.Round(duration * fps);
        var frames = int.TryParse(stream.NbFrames, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            // A file cut by stream copy (-ss … -c copy) keeps the packets from the key frame before its cut, which its
            // edit list hides: the packet count has them, the duration does not (137 packets, 3.17 s at 29.97 fps,
            // 92 frames shown). Planned from the packets, half of such a clip's targets lay past its last frame.
            ? timed > 0 ? Math.Min(n, timed) : n
            : StillImageCodecs.Contains(stream.CodecName ?? "") ? 1 : timed;
        if (stream.Width is not > 0 || stream.Height is not > 0 || fps <= 0 || frames <= 0)
        {
            throw new VideoInputException(VideoInputError.Truncated,
                $"{name}: the video stream has no decodable frames (size {stream.Width}x{stream.Height}, {fps:0.##} fps).");
        }

        if (duration > _limits.MaxDuration.TotalSeconds)
        {
            throw new VideoInputException(VideoInputError.TooLong,
                $"{name}: {TimeSpan.FromSeconds(duration):h\\:mm\\:ss} long, over the {_limits.MaxDuration:h\\:mm\\:ss} limit.");
        }

        if ((long)stream.Width.Value * stream.Height.Value > _limits.MaxPixels)
        {
            throw new VideoInputException(VideoInputError.TooLarge,
                $"{name}: {stream.Width}x{stream.Height} frames are larger than the limit of {_limits.MaxPixels} pixels.");
        }

        var rotation = Rotation(stream);
        var (width, height) = rotation is 90 or 270 ? (stream.Height.Value, stream.Width.Value) : (stream.Width.Value, stream.Height.Value);
        return new VideoInfo(duration, fps, frames, width, height, rotation, stream.CodecName ?? "unknown");
    }

    /// <summary>Clockwise display rotation: the display matrix (counter-clockwise degrees) or the legacy tag.</summary>
    private static int Rotation(FfprobeStream stream)
    {
        var matrix = stream.SideDataList?.FirstOrDefault(d => d.SideDataType == "Display Matrix")?.Rotation;
        double degrees = matrix is { } ccw ? -ccw
            : stream.Tags?.TryGetValue("rotate", out var tag) == true && Number(tag) is { } cw ? cw : 0;
        return (int)(((Math.Round(degrees / 90) * 90 % 360) + 360) % 360);
    }

    private static double Rate(string? fraction)
    {
        var parts = (fraction ?? "").Split('/');
        return parts.Length == 2 && Number(parts[0]) is { } num && Number(parts[1]) is > 0 and var den ? num / den : 0;
    }

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
