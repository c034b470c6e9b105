using System.Globalization;
using System.Text;
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

/// <summary>Decodes the frames of one <see cref="FrameChunk"/>: one ffmpeg process per run of nearby targets.</summary>
/// <remarks>
/// <para>A <c>select</c> filter lets the chunk's frames through (<see cref="FrameSelection"/>) and stops ffmpeg
/// right after the last one. One process per frame was measured at 200–500 ms a frame on 1080p, against
/// about 70 ms a frame this way. A <c>showinfo</c> filter after it logs each frame's timestamp, which tells the reader
/// which targets the frame stands for.</para>
/// <para>Without a <see cref="FrameChunk.Seek"/>, ffmpeg decodes from the first frame. With one, a run of targets far
/// from the previous one starts at the last reset frame (IDR) before it, found by <see cref="KeyFrameScanner"/>:
/// seeking by the container's keyframes alone is not safe, and FaceForensics++'s x264 4:4:4 streams decode to
/// garbage past their first frame unless ffmpeg is told the x264 build that frame names. With
/// <see cref="FrameChunk.ReferenceFramesOnly"/>, frames that nothing is predicted from are not decoded
/// at all (<c>-skip_frame noref</c>): half the frames of a DFDC video, and 45% of its decoding CPU. Frames come out
/// autorotated, so pixels and boxes are in display orientation.</para>
/// </remarks>
/// <param name="decodeThreads">ffmpeg's decoding threads; 0 lets it choose (about one per core). A host whose models
/// share the CPU with decoding gives it fewer: ffmpeg's frame threads cost CPU of their own (on two cores, 1.4 s
/// for the reference frames of a 10 s 1080p video with its default, 1.1 s with one thread), which the models
/// running beside it then lack.</param>
/// <param name="hardwareDecoding">Decode on the GPU (<c>-hwaccel cuda</c>); the caller checks it is available
/// (<see cref="HardwareDecoding.Use"/>). Frames are copied back to memory and converted as on the CPU.</param>
public sealed class FrameDecoder(ILogger<FrameDecoder>? logger = null, int decodeThreads = 0, bool hardwareDecoding = false)
{
    private readonly ILogger _logger = logger ?? NullLogger<FrameDecoder>.Instance;
    private readonly PixelBufferPool _buffers = new(32L * 1024 * 1024);

    /// <summary>The chunk's frames, in index order. A video that ends early yields the frames it has.</summary>
    /// <exception cref="VideoInputException">No frame of the chunk could be decoded.</exception>
    public async Task<IReadOnlyList<DecodedFrame>> DecodeAsync(FrameChunk chunk, CancellationToken cancellationToken)
    {
        var request = DecodeRequest.Of([chunk]);
        if (request.Targets.Length == 0)
        {
            return [];
        }

        var frames = new List<DecodedFrame>(request.Targets.Length);
        var end = await StreamAsync(
            chunk.Video,
            chunk.Info,
            request,
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
    /// Decodes the frames <paramref name="request"/> asks for, one ffmpeg process per run of targets
    /// (<see cref="DecodeRequest.Segments"/>), and hands each to <paramref name="onFrame"/> with the targets it stands
    /// for, as soon as it is read, in order; targets past the end of the stream get no frame.
    /// </summary>
    /// <param name="prestarted">An ffmpeg <see cref="Prestart"/>ed for the video, which decodes the first run of
    /// targets when it was started the way that run needs (from frame 0, the same frames skipped); it is disposed
    /// either way.</param>
    internal async Task<DecodeEnd> StreamAsync(
        VideoRef video,
        VideoInfo info,
        DecodeRequest request,
        Func<DecodedFrame, ArraySegment<int>, ValueTask> onFrame,
        CancellationToken cancellationToken,
        PrestartedDecode? prestarted = null)
    {
        var covered = 0;
        var exitCode = 0;
        var stderr = new StringBuilder();
        try
        {
            foreach (var segment in request.Segments(info.Fps))
            {
                var targets = request.Targets.AsSpan(segment.Start, segment.Count).ToArray();
                var seek = segment.From > 0 ? request : null;
                var selection = new FrameSelection(
                    targets, info.Fps, request.ReferenceFramesOnly, seek?.OriginSeconds);
                var started = prestarted?.Take(video, seek is null, request.ReferenceFramesOnly);
                // One not taken by the first run is killed now rather than left waiting through the decode.
                prestarted?.Dispose();
                prestarted = null;
                var end = await StreamSegmentAsync(
                        video, info, selection, segment.From, seek, onFrame, started, cancellationToken)
                    .ConfigureAwait(false);
                covered += end.Covered;
                exitCode = exitCode == 0 ? end.ExitCode : exitCode;
                stderr.Append(end.Stderr);
            }
        }
        finally
        {
            prestarted?.Dispose();
        }

        return new DecodeEnd(covered, exitCode, stderr.ToString());
    }

    /// <summary>
    /// Starts ffmpeg on the video now, before it is probed and planned: it loads its libraries and opens the file
    /// while that happens, then waits on stdin for the frames to select (<c>-filter_script</c>). It is started as a
    /// decode from frame 0 of reference frames only, what a plan for 32 frames of any video longer than about six
    /// seconds asks for; <see cref="StreamAsync"/> uses it when the plan agrees and kills it otherwise.
    /// </summary>
    /// <exception cref="InvalidOperationException">ffmpeg could not be started.</exception>
    public PrestartedDecode Prestart(VideoRef video)
    {
        const bool referenceFramesOnly = true;
        var process = ExternalProcess.Start(
            "ffmpeg",
            [.. InputArguments(video, referenceFramesOnly, []), .. OutputArguments("-filter_script:v", "pipe:0")],
            redirectInput: true,
            environment: FfmpegAllocator.Environment);
        return new PrestartedDecode(video, referenceFramesOnly, process);
    }

    private async Task<DecodeEnd> StreamSegmentAsync(
        VideoRef video,
        VideoInfo info,
        FrameSelection selection,
        int from,
        DecodeRequest? seek,
        Func<DecodedFrame, ArraySegment<int>, ValueTask> onFrame,
        StartedProcess? started,
        CancellationToken cancellationToken)
    {
        var frameBytes = checked(info.Width * info.Height * 3);
        var log = new FfmpegFrameLog(selection.OriginSeconds);
        var filter = Filter(selection);
        using var ffmpeg = started ?? ExternalProcess.Start(
            "ffmpeg",
            [
                .. InputArguments(
                    video, selection.ReferenceFramesOnly, seek is null ? [] : SeekArguments(info, from, seek)),
                .. OutputArguments("-vf", filter),
            ],
            environment: FfmpegAllocator.Environment);
        if (started is not null)
        {
            await WriteFilterAsync(started, filter, cancellationToken).ConfigureAwait(false);
        }

        var (exitCode, stderr) = await ffmpeg.RunAsync(
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

    /// <summary>
    /// The frames to keep and a stop right after the last (in the filter, not <c>-frames:v</c>, so that a
    /// <see cref="Prestart"/>ed ffmpeg gets all of it on stdin), then <c>showinfo</c> to log each frame's time.
    /// </summary>
    private static string Filter(FrameSelection selection) => $"{selection.SelectAndStopFilter()},showinfo=checksum=0";

    /// <summary>Hands a prestarted ffmpeg its filter; one that has already exited (it could not open the file) is
    /// then run as it is, and its error read from stderr like any other.</summary>
    private static async Task WriteFilterAsync(StartedProcess ffmpeg, string filter, CancellationToken cancellationToken)
    {
        try
        {
            await ffmpeg.WriteInputAndCloseAsync(filter, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // A broken pipe: ffmpeg is gone, and says why on stderr.
        }
    }

    /// <summary>The input options: decoding threads, frames skipped, hardware decoding, where to start, the file.
    /// </summary>
    private IEnumerable<string> InputArguments(VideoRef video, bool referenceFramesOnly, IEnumerable<string> seek)
    {
        // level+info: showinfo logs at info level, and the level tags tell its lines from errors.
        List<string> args = ["-nostdin", "-hide_banner", "-nostats", "-loglevel", "level+info"];
        if (decodeThreads > 0)
        {
            args.AddRange(["-threads", decodeThreads.ToString(CultureInfo.InvariantCulture)]);
        }

        if (referenceFramesOnly)
        {
            args.AddRange(["-skip_frame", "noref"]);
        }

        if (hardwareDecoding)
        {
            args.AddRange(["-hwaccel", "cuda"]);
        }

        args.AddRange(seek);
        args.AddRange(FfmpegInput.Arguments(video));
        return args;
    }

    /// <summary>The output options, with the filter given as <paramref name="filterOption"/> (<c>-vf</c> inline, or
    /// <c>-filter_script:v</c> from a file).</summary>
    private static IEnumerable<string> OutputArguments(string filterOption, string filterValue) =>
    [
        "-map", "0:V:0", "-an", "-sn", "-dn",
        filterOption, filterValue,
        "-fps_mode", "passthrough",
        "-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1",
    ];

    /// <summary>
    /// Input options that start decoding at the reset frame <paramref name="from"/> (or a keyframe before it) and keep
    /// container timestamps, so frames are placed by their own time from frame 0, not by where decoding started.
    /// </summary>
    /// <remarks>No accurate seek: nothing is trimmed, and frames before the reset frame (which may decode to garbage
    /// when the container's keyframe before it is no reset frame) lie before every target's boundary. Seeking to the
    /// frame's nominal time lands on it, or a keyframe before it at a variable frame rate: slower, never wrong.
    /// </remarks>
    private static IEnumerable<string> SeekArguments(VideoInfo info, int from, DecodeRequest seek)
    {
        List<string> args = seek.X264Build is { } build
            ? ["-x264_build", build.ToString(CultureInfo.InvariantCulture)]
            : [];
        // A microsecond late rather than early, so that rounding never lands on the keyframe before.
        var at = seek.OriginSeconds + from / info.Fps + 1e-6;
        args.AddRange([
            "-seek_timestamp", "1", "-ss", at.ToString("0.######", CultureInfo.InvariantCulture),
            "-noaccurate_seek", "-copyts",
        ]);
        return args;
    }
}
