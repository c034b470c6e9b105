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

    /// <summary>A copy with pixels of its own (from the same pool), for a frame that two chunks' targets share.
    /// </summary>
    internal DecodedFrame CopyPixels()
    {
        var pixels = _pool?.Rent(Image.Pixels.Length) ?? new byte[Image.Pixels.Length];
        Image.Pixels.CopyTo(pixels, 0);
        var image = new RgbImage(Image.Width, Image.Height, pixels);
        return _pool is { } pool
            ? new DecodedFrame(Index, TimeSeconds, image, pool)
            : new DecodedFrame(Index, TimeSeconds, image);
    }

    /// <summary>Gives the pixels back for reuse: <see cref="Image"/> must not be used afterwards.</summary>
    public void Dispose() => Interlocked.Exchange(ref _pool, null)?.Return(Image.Pixels);
}

/// <summary>Decodes the frames of one <see cref="FrameChunk"/> with one ffmpeg process.</summary>
/// <remarks>
/// <para>A <c>select</c> filter lets the chunk's frames through (<see cref="FrameSelection"/>) and <c>-frames:v</c>
/// stops ffmpeg right after the last one. One process per frame was measured at 200–500 ms a frame on 1080p, against
/// about 70 ms a frame this way. A <c>showinfo</c> filter after it logs each frame's timestamp, which tells the reader
/// which targets the frame stands for.</para>
/// <para>ffmpeg decodes from the first frame rather than seeking: seeking lands on whatever the container marks as a
/// keyframe, and in real uploads (FaceForensics++ among them) that can be a non-IDR frame whose successors decode to
/// garbage. With <see cref="FrameChunk.ReferenceFramesOnly"/>, frames that nothing is predicted from are not decoded
/// at all (<c>-skip_frame noref</c>): half the frames of a DFDC video, and 45% of its decoding CPU. Frames come out
/// autorotated, so pixels and boxes are in display orientation.</para>
/// </remarks>
/// <param name="decodeThreads">ffmpeg's decoding threads; 0 lets it choose (about one per core). A host whose models
/// share the CPU with decoding gives it fewer: ffmpeg's frame threads cost CPU of their own (on two cores, 1.4 s
/// for the reference frames of a 10 s 1080p video with its default, 1.1 s with one thread), which the models
/// running beside it then lack.</param>
public sealed class FrameDecoder(ILogger<FrameDecoder>? logger = null, int decodeThreads = 0)
{
    private readonly ILogger _logger = logger ?? NullLogger<FrameDecoder>.Instance;
    private readonly PixelBufferPool _buffers = new(32L * 1024 * 1024);

    /// <summary>The chunk's frames, in index order. A video that ends early yields the frames it has.</summary>
    /// <exception cref="VideoInputException">No frame of the chunk could be decoded.</exception>
    public async Task<IReadOnlyList<DecodedFrame>> DecodeAsync(FrameChunk chunk, CancellationToken cancellationToken)
    {
        var selection = new FrameSelection(
            chunk.FrameIndices.Order().Distinct().ToArray(), chunk.Info.Fps, chunk.ReferenceFramesOnly);
        if (selection.Targets.Length == 0)
        {
            return [];
        }

        var frames = new List<DecodedFrame>(selection.Targets.Length);
        var end = await StreamAsync(
            chunk.Video,
            chunk.Info,
            selection,
            (frame, _) =>
            {
                frames.Add(frame);
                return ValueTask.CompletedTask;
            },
            cancellationToken).ConfigureAwait(false);
        end.Check(chunk, end.Covered, _logger);
        return frames;
    }

    /// <summary>
    /// Decodes the frames <paramref name="selection"/> chooses in one ffmpeg process and hands each to
    /// <paramref name="onFrame"/> with the targets it stands for, as soon as it is read, in order; targets past the
    /// end of the stream get no frame.
    /// </summary>
    internal async Task<DecodeEnd> StreamAsync(
        VideoRef video,
        VideoInfo info,
        FrameSelection selection,
        Func<DecodedFrame, ArraySegment<int>, ValueTask> onFrame,
        CancellationToken cancellationToken)
    {
        var frameBytes = checked(info.Width * info.Height * 3);
        var log = new FfmpegFrameLog();
        var (exitCode, stderr) = await ExternalProcess.RunAsync(
            "ffmpeg",
            Arguments(video, selection),
            async (stdout, ct) =>
            {
                while (!selection.Complete)
                {
                    var pixels = _buffers.Rent(frameBytes);
                    var read = await stdout.ReadAtLeastAsync(pixels, frameBytes, throwOnEndOfStream: false, ct)
                        .ConfigureAwait(false);
                    var seconds = read < frameBytes ? null : await log.NextFrameTimeAsync(ct).ConfigureAwait(false);
                    if (seconds is null)
                    {
                        _buffers.Return(pixels);
                        break;
                    }

                    var targets = selection.Cover(seconds.Value);
                    if (targets.Count == 0)
                    {
                        _buffers.Return(pixels); // the first decoded frame, let through only to start the clock
                        continue;
                    }

                    var image = new RgbImage(info.Width, info.Height, pixels);
                    var frame = new DecodedFrame(selection.IndexAt(seconds.Value), seconds.Value, image, _buffers);
                    await onFrame(frame, targets).ConfigureAwait(false);
                }
            },
            cancellationToken,
            log.ReadAsync).ConfigureAwait(false);
        return new DecodeEnd(selection.Covered, exitCode, stderr);
    }

    private IEnumerable<string> Arguments(VideoRef video, FrameSelection selection)
    {
        // level+info: showinfo logs at info level, and the level tags tell its lines from errors.
        List<string> args = ["-nostdin", "-hide_banner", "-nostats", "-loglevel", "level+info"];
        if (decodeThreads > 0)
        {
            args.AddRange(["-threads", decodeThreads.ToString(CultureInfo.InvariantCulture)]);
        }

        if (selection.ReferenceFramesOnly)
        {
            args.AddRange(["-skip_frame", "noref"]);
        }

        args.AddRange(FfmpegInput.Arguments(video));
        args.AddRange([
            "-map", "0:v:0", "-an", "-sn", "-dn",
            "-vf", $"{selection.SelectFilter()},showinfo=checksum=0",
            "-fps_mode", "passthrough",
            "-frames:v", selection.MaxFrames.ToString(CultureInfo.InvariantCulture),
            "-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1",
        ]);
        return args;
    }
}
