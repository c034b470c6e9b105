using System.Globalization;
using DeepScan.Detection.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepScan.Detection.Video;

/// <summary>A decoded frame: its index in the video, its time, and its RGB pixels in display orientation.</summary>
public sealed record DecodedFrame(int Index, double TimeSeconds, RgbImage Image);

/// <summary>Decodes the frames of one <see cref="FrameChunk"/> with one ffmpeg process.</summary>
/// <remarks>
/// A <c>select</c> filter keeps the chunk's frames and <c>-frames:v</c> stops ffmpeg right after the last one. One
/// process per frame was measured at 200–500 ms a frame on 1080p, against about 70 ms a frame this way.
/// ffmpeg decodes from the first frame rather than seeking: seeking lands on whatever the container marks as a
/// keyframe, and in real uploads (FaceForensics++ among them) that can be a non-IDR frame whose successors decode
/// to garbage. Frames come out autorotated, so pixels and boxes are in display orientation.
/// </remarks>
public sealed class FrameDecoder(ILogger<FrameDecoder>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<FrameDecoder>.Instance;

    /// <summary>The chunk's frames, in index order. A video that ends early yields the frames it has.</summary>
    /// <exception cref="VideoInputException">No frame of the chunk could be decoded.</exception>
    public async Task<IReadOnlyList<DecodedFrame>> DecodeAsync(FrameChunk chunk, CancellationToken cancellationToken)
    {
        var info = chunk.Info;
        var indices = chunk.FrameIndices.Order().Distinct().ToArray();
        if (indices.Length == 0)
        {
            return [];
        }

        var frameBytes = checked(info.Width * info.Height * 3);
        var frames = new List<DecodedFrame>(indices.Length);
        var (exitCode, stderr) = await ExternalProcess.RunAsync(
            "ffmpeg",
            Arguments(chunk.Video, indices),
            async (stdout, ct) =>
            {
                while (frames.Count < indices.Length)
                {
                    var pixels = new byte[frameBytes];
                    var read = await stdout.ReadAtLeastAsync(pixels, frameBytes, throwOnEndOfStream: false, ct)
                        .ConfigureAwait(false);
                    if (read < frameBytes)
                    {
                        break;
                    }

                    var index = indices[frames.Count];
                    frames.Add(new DecodedFrame(index, index / info.Fps, new RgbImage(info.Width, info.Height, pixels)));
                }
            },
            cancellationToken).ConfigureAwait(false);

        if (frames.Count == 0)
        {
            throw new VideoInputException(
                exitCode == 0 ? VideoInputError.Truncated : VideoInputError.DecodeFailed,
                exitCode == 0
                    ? $"{chunk.Video.DisplayName}: no frame from {indices[0]} on could be decoded; the video is truncated."
                    : $"{chunk.Video.DisplayName}: ffmpeg could not decode it ({ExternalProcess.LastLine(stderr)}).");
        }

        if (frames.Count < indices.Length)
        {
            _logger.LogWarning(
                "{Video}: decoded {Decoded} of {Wanted} frames of chunk {Chunk}; the stream ends early ({Reason})",
                chunk.Video.DisplayName, frames.Count, indices.Length, chunk.Index, ExternalProcess.LastLine(stderr));
        }

        return frames;
    }

    private static IEnumerable<string> Arguments(VideoRef video, int[] indices)
    {
        List<string> args = ["-nostdin", "-hide_banner", "-loglevel", "error", .. FfmpegInput.Arguments(video)];
        var select = string.Join("+", indices.Select(i => $"eq(n\\,{i})"));
        args.AddRange([
            "-map", "0:v:0", "-an", "-sn", "-dn",
            "-vf", $"select={select}",
            "-fps_mode", "passthrough",
            "-frames:v", indices.Length.ToString(CultureInfo.InvariantCulture),
            "-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1",
        ]);
        return args;
    }
}
