using System.Globalization;
using DeepScan.Detection.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepScan.Detection.Video;

/// <summary>A decoded frame: its index in the video, its time, and its RGB pixels in display orientation.</summary>
/// <remarks>Disposing it hands the pixel buffer back to the decoder for the next frame; a frame that is never
/// disposed is simply collected.</remarks>
public sealed record DecodedFrame(int Index, double TimeSeconds, RgbImage Image) : IDisposable
{
    private PixelBufferPool? _pool;

    internal DecodedFrame(int index, double timeSeconds, RgbImage image, PixelBufferPool pool)
        : this(index, timeSeconds, image) => _pool = pool;

    /// <summary>A copy made with <c>with</c> shares the pixels but not their ownership: only the original returns them.</summary>
    private DecodedFrame(DecodedFrame original)
    {
        Index = original.Index;
        TimeSeconds = original.TimeSeconds;
        Image = original.Image;
    }

    /// <summary>Gives the pixels back for reuse: <see cref="Image"/> must not be used afterwards.</summary>
    public void Dispose() => Interlocked.Exchange(ref _pool, null)?.Return(Image.Pixels);
}

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
    private readonly PixelBufferPool _buffers = new(32L * 1024 * 1024);

    /// <summary>The chunk's frames, in index order. A video that ends early yields the frames it has.</summary>
    /// <exception cref="VideoInputException">No frame of the chunk could be decoded.</exception>
    public async Task<IReadOnlyList<DecodedFrame>> DecodeAsync(FrameChunk chunk, CancellationToken cancellationToken)
    {
        var indices = chunk.FrameIndices.Order().Distinct().ToArray();
        if (indices.Length == 0)
        {
            return [];
        }

        var frames = new List<DecodedFrame>(indices.Length);
        var end = await StreamAsync(
            chunk.Video,
            chunk.Info,
            indices,
            frame =>
            {
                frames.Add(frame);
                return ValueTask.CompletedTask;
            },
            cancellationToken).ConfigureAwait(false);
        end.Check(chunk, frames.Count, _logger);
        return frames;
    }

    /// <summary>
    /// Decodes <paramref name="indices"/> (ascending, distinct) in one ffmpeg process and hands each frame to
    /// <paramref name="onFrame"/> as soon as it is read, in index order; frames past the end of the stream never come.
    /// </summary>
    internal async Task<DecodeEnd> StreamAsync(
        VideoRef video,
        VideoInfo info,
        int[] indices,
        Func<DecodedFrame, ValueTask> onFrame,
        CancellationToken cancellationToken)
    {
        var frameBytes = checked(info.Width * info.Height * 3);
        var decoded = 0;
        var (exitCode, stderr) = await ExternalProcess.RunAsync(
            "ffmpeg",
            Arguments(video, indices),
            async (stdout, ct) =>
            {
                while (decoded < indices.Length)
                {
                    var pixels = _buffers.Rent(frameBytes);
                    var read = await stdout.ReadAtLeastAsync(pixels, frameBytes, throwOnEndOfStream: false, ct)
                        .ConfigureAwait(false);
                    if (read < frameBytes)
                    {
                        _buffers.Return(pixels);
                        break;
                    }

                    var index = indices[decoded++];
                    var image = new RgbImage(info.Width, info.Height, pixels);
                    await onFrame(new DecodedFrame(index, index / info.Fps, image, _buffers)).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return new DecodeEnd(decoded, exitCode, stderr);
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
