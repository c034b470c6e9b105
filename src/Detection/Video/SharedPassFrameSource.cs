using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepScan.Detection.Video;

/// <summary>
/// Frames for a host that scores every chunk of a video in this process (<c>deepscan scan</c>, <c>serve</c>): the
/// first chunk asked for starts one ffmpeg pass over the frames of the whole plan, and each chunk takes its frames
/// from that pass as they are decoded. Per-chunk processes each decode from their chunk's start (a reset frame, or
/// the first frame), so four chunks of a short video cost up to 2.5 decodes of it; the shared pass costs one. Where
/// the plan seeks (long videos), the pass seeks too, at the same frames.
/// </summary>
/// <remarks>
/// <para>The plan is recomputed from the chunk's <see cref="VideoInfo"/> with the host's sampling settings
/// (<see cref="ChunkPlanner"/> is pure) and the reset frames the host's <see cref="KeyFrameScanner"/> remembers. A chunk that is not in that plan, was already served, or whose frames were
/// dropped decodes on its own with a <see cref="ChunkFrameSource"/>, so results never depend on the pass: a short or
/// failed pass gives each chunk exactly what its own ffmpeg would have.</para>
/// <para>A frame is released as soon as its chunk reads it. Frames of chunks nobody has asked for yet are held up to
/// <see cref="BufferBudgetBytes"/> over all passes; beyond that, first passes that have ended and have no reader are
/// dropped, then the chunk of the incoming frame. A pass leaves the registry once no chunk of it can still be asked
/// for; when its last reader is cancelled, its ffmpeg is killed and its held frames dropped.</para>
/// </remarks>
public sealed class SharedPassFrameSource : IFrameSource, IDisposable
{
    /// <summary>About forty 1080p frames.</summary>
    public const long DefaultBufferBudgetBytes = 256L * 1024 * 1024;

    private readonly FrameSampling _sampling;
    private readonly int _framesPerChunk;
    private readonly FrameDecoder _decoder;
    private readonly KeyFrameScanner? _keyFrames;
    private readonly ChunkFrameSource _fallback;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<SharedDecodePass> _claimable = []; // oldest first
    private readonly HashSet<SharedDecodePass> _running = [];
    private readonly Dictionary<string, PrestartedDecode> _prestarted = [];
    private long _waitingBytes;
    private int _stopped;

    /// <param name="sampling">The host's sampling, as the workflow plans with.</param>
    /// <param name="framesPerChunk">The host's frames per chunk, as the workflow plans with.</param>
    /// <param name="keyFrames">The scanner the workflow plans with, whose remembered results give the plan's seeks;
    /// null plans without seeking, so that chunks planned with seeks decode alone.</param>
    public SharedPassFrameSource(
        FrameSampling sampling,
        int framesPerChunk,
        FrameDecoder? decoder = null,
        ILogger<SharedPassFrameSource>? logger = null,
        long bufferBudgetBytes = DefaultBufferBudgetBytes,
        KeyFrameScanner? keyFrames = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampling.Frames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesPerChunk);
        ArgumentOutOfRangeException.ThrowIfNegative(bufferBudgetBytes);
        _sampling = sampling;
        _framesPerChunk = framesPerChunk;
        _keyFrames = keyFrames;
        _decoder = decoder ?? new FrameDecoder();
        _fallback = new ChunkFrameSource(_decoder);
        _logger = logger ?? NullLogger<SharedPassFrameSource>.Instance;
        BufferBudgetBytes = bufferBudgetBytes;
    }

    /// <summary>The most bytes of frames held for chunks that nobody has asked for yet.</summary>
    public long BufferBudgetBytes { get; }

    /// <summary>
    /// Whether a pass over <paramref name="info"/> sampled as <paramref name="sampling"/> says could start a seeking
    /// ffmpeg: only when a sampled frame lies more than <see cref="DecodeRequest.MinSkipSeconds"/> past the one before
    /// it (the first is frame 0). When not, a plan without reset frames decodes the very same frames in one process.
    /// </summary>
    public static bool MaySeek(FrameSampling sampling, VideoInfo info)
    {
        var targets = FrameSampler.EvenlySpaced(info.FrameCount, sampling.CountFor(info));
        var skip = DecodeRequest.MinSkipSeconds * info.Fps;
        return targets.Zip(targets.Skip(1), (before, after) => after - before).Any(gap => gap > skip);
    }

    /// <summary>Passes that were stopped before ffmpeg finished, because their readers were cancelled.</summary>
    internal int StoppedPasses => Volatile.Read(ref _stopped);

    /// <summary>Passes a chunk can still be served from.</summary>
    internal int ClaimablePasses
    {
        get
        {
            lock (_gate)
            {
                return _claimable.Count;
            }
        }
    }

    public async IAsyncEnumerable<DecodedFrame> ReadAsync(
        FrameChunk chunk, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var feed = await ClaimAsync(chunk, cancellationToken).ConfigureAwait(false);
        if (feed is null)
        {
            await foreach (var frame in _fallback.ReadAsync(chunk, cancellationToken).ConfigureAwait(false))
            {
                yield return frame;
            }

            yield break;
        }

        int covered;
        try
        {
            while (await feed.Frames.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (feed.Frames.Reader.TryRead(out var frame))
                {
                    yield return frame;
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        finally
        {
            covered = Release(feed, cancelled: cancellationToken.IsCancellationRequested);
        }

        if (covered == feed.Expected)
        {
            yield break;
        }

        var pass = feed.Pass;
        if (pass.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        var end = pass.End ?? throw new OperationCanceledException("The shared decode pass was stopped.");
        end.Check(chunk, covered, _logger);
    }

    /// <summary>
    /// Starts ffmpeg on a video whose pass is about to be planned (<see cref="FrameDecoder.Prestart"/>), so that the
    /// pass begins with ffmpeg loaded and the file open; the pass takes it when its plan decodes that way. A caller
    /// that does not go on to <see cref="BeginAsync"/> calls <see cref="Discard"/>.
    /// </summary>
    public void Prestart(VideoRef video)
    {
        lock (_gate)
        {
            if (_prestarted.ContainsKey(video.Location))
            {
                return;
            }
        }

        PrestartedDecode started;
        try
        {
            started = _decoder.Prestart(video);
        }
        catch (InvalidOperationException ex)
        {
            // ffmpeg is missing: the pass will say so when it starts it.
            _logger.LogDebug("{Video}: ffmpeg not started early ({Reason})", video.DisplayName, ex.Message);
            return;
        }

        lock (_gate)
        {
            if (_prestarted.TryAdd(video.Location, started))
            {
                return;
            }
        }

        started.Dispose();
    }

    /// <summary>The process id of the ffmpeg prestarted for the video and not yet taken (for tests).</summary>
    internal int? PrestartedProcessId(VideoRef video)
    {
        lock (_gate)
        {
            return _prestarted.TryGetValue(video.Location, out var started) ? started.ProcessId : null;
        }
    }

    /// <summary>Kills the video's <see cref="Prestart"/>ed ffmpeg if no pass took it.</summary>
    public void Discard(VideoRef video)
    {
        PrestartedDecode? left;
        lock (_gate)
        {
            _prestarted.Remove(video.Location, out left);
        }

        left?.Dispose();
    }

    /// <summary>
    /// Starts the pass over a video's planned frames before any chunk asks, for a host that knows the video before
    /// its models are loaded: ffmpeg decodes meanwhile, and the frames wait for their chunks within
    /// <see cref="BufferBudgetBytes"/>. The plan is the one the host's workflow makes (reset frames only where the pass
    /// may seek, <see cref="MaySeek"/>). Does nothing when a pass of the video is already there or one ffmpeg cannot
    /// select the whole plan.
    /// </summary>
    public async Task BeginAsync(VideoRef video, VideoInfo info, CancellationToken cancellationToken)
    {
        try
        {
            var keyFrames = _keyFrames is null || !MaySeek(_sampling, info)
                ? null
                : await _keyFrames.ScanAsync(video, info, cancellationToken).ConfigureAwait(false);
            var plan = info.FrameCount > 0
                ? ChunkPlanner.Plan(video, info, _sampling.CountFor(info), _framesPerChunk, keyFrames)
                : [];
            if (plan.Count == 0 || plan.Sum(c => c.FrameIndices.Length) > FrameSelection.MaxTargets)
            {
                return;
            }

            lock (_gate)
            {
                if (!_claimable.Any(p => p.Decodes(video, info)))
                {
                    Start(new SharedDecodePass(video, info, plan));
                }
            }
        }
        finally
        {
            // Unless the pass took it.
            Discard(video);
        }
    }

    /// <summary>Stops every pass: ffmpeg is killed and readers still waiting see the pass stopped.</summary>
    public void Dispose()
    {
        SharedDecodePass[] running;
        PrestartedDecode[] prestarted;
        lock (_gate)
        {
            prestarted = [.. _prestarted.Values];
            _prestarted.Clear();
            foreach (var feed in _claimable.SelectMany(p => p.Feeds).Where(f => f.State == FeedState.Waiting).ToArray())
            {
                Evict(feed);
            }

            running = [.. _running];
        }

        foreach (var pass in running)
        {
            pass.Stop.Cancel();
        }

        foreach (var started in prestarted)
        {
            started.Dispose();
        }
    }

    /// <summary>Waits until every pass started so far has ended (for tests).</summary>
    internal Task WhenPassesEndAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_running.Select(p => p.Pumping));
        }
    }

    /// <summary>The chunk's feed in the video's pass, starting the pass if there is none; null to decode alone.</summary>
    private async Task<ChunkFeed?> ClaimAsync(FrameChunk chunk, CancellationToken cancellationToken)
    {
        var frames = _sampling.CountFor(chunk.Info);
        var keyFrames = chunk.Seek is null || _keyFrames is null
            ? null
            : await _keyFrames.ScanAsync(chunk.Video, chunk.Info, cancellationToken).ConfigureAwait(false);
        var plan = ChunkPlanner.Plan(chunk.Video, chunk.Info, frames, _framesPerChunk, keyFrames);
        if (chunk.Index >= plan.Count || !SamePlan(plan[chunk.Index], chunk))
        {
            _logger.LogDebug(
                "{Video}: chunk {Chunk} is not in the plan of {Frames} frames by {ChunkSize}; it decodes alone",
                chunk.Video.DisplayName, chunk.Index, frames, _framesPerChunk);
            return null;
        }

        if (plan.Sum(c => c.FrameIndices.Length) > FrameSelection.MaxTargets)
        {
            _logger.LogDebug(
                "{Video}: {Frames} frames are more than one ffmpeg selects; chunk {Chunk} decodes alone",
                chunk.Video.DisplayName, frames, chunk.Index);
            return null;
        }

        ChunkFeed feed;
        lock (_gate)
        {
            var pass = _claimable.FirstOrDefault(p => p.Decodes(chunk.Video, chunk.Info));
            if (pass is not null && (chunk.Index >= pass.Plan.Count || !SamePlan(pass.Plan[chunk.Index], chunk)))
            {
                _logger.LogDebug(
                    "{Video}: chunk {Chunk} is not in the plan of the running pass; it decodes alone",
                    chunk.Video.DisplayName, chunk.Index);
                return null;
            }

            // The new pass's ffmpeg starts at once, but routes no frame before this lock is released.
            pass ??= Start(new SharedDecodePass(chunk.Video, chunk.Info, plan));
            feed = pass.Feeds[chunk.Index];
            if (feed.State != FeedState.Waiting)
            {
                _logger.LogDebug(
                    "{Video}: chunk {Chunk} was already served or dropped by the shared pass; it decodes alone",
                    chunk.Video.DisplayName, chunk.Index);
                return null;
            }

            _waitingBytes -= feed.WaitingBytes;
            feed.WaitingBytes = 0;
            feed.State = FeedState.Claimed;
            pass.Readers++;
            RetireIfServed(pass);
        }

        return feed;
    }

    /// <summary>Registers a new pass and starts its ffmpeg; called under the lock.</summary>
    private SharedDecodePass Start(SharedDecodePass pass)
    {
        _claimable.Add(pass);
        _running.Add(pass);
        _prestarted.Remove(pass.Video.Location, out var prestarted);
        pass.Pumping = Task.Run(() => PumpAsync(pass, prestarted));
        return pass;
    }

    private static bool SamePlan(FrameChunk planned, FrameChunk chunk) =>
        planned.FrameIndices.SequenceEqual(chunk.FrameIndices)
        && planned.ReferenceFramesOnly == chunk.ReferenceFramesOnly
        && (planned.Seek, chunk.Seek) switch
        {
            (null, null) => true,
            ({ } a, { } b) => a.From.SequenceEqual(b.From) && a.OriginSeconds.Equals(b.OriginSeconds)
                && a.X264Build == b.X264Build,
            _ => false,
        };

    private async Task PumpAsync(SharedDecodePass pass, PrestartedDecode? prestarted)
    {
        DecodeEnd? end = null;
        Exception? failure = null;
        try
        {
            end = await _decoder.StreamAsync(
                pass.Video,
                pass.Info,
                pass.Request,
                (frame, targets) =>
                {
                    Route(pass, frame, targets);
                    return ValueTask.CompletedTask;
                },
                pass.Stop.Token,
                prestarted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (pass.Stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _stopped);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        lock (_gate)
        {
            pass.Finish(end, failure);
            _running.Remove(pass);
        }
    }

    /// <summary>Queues the frame for the chunk of each target it stands for; a second chunk gets a copy.</summary>
    private void Route(SharedDecodePass pass, DecodedFrame frame, ArraySegment<int> targets)
    {
        lock (_gate)
        {
            var groups = targets.GroupBy(pass.FeedOf).ToArray();
            // Copies first: queueing may release the original at once, when its chunk is no longer read.
            var frames = groups.Select((_, i) => i == 0 ? frame : frame.CopyPixels()).ToArray();
            foreach (var (group, copy) in groups.Zip(frames))
            {
                var feed = group.Key;
                Queue(feed, copy);
                feed.Covered += group.Count();
                if (feed.Covered == feed.Expected)
                {
                    // The chunk is complete: its reader need not wait for the rest of the video.
                    feed.Frames.Writer.TryComplete();
                }
            }
        }
    }

    private void Queue(ChunkFeed feed, DecodedFrame frame)
    {
        var bytes = frame.Image.Pixels.LongLength;
        if (feed.State == FeedState.Waiting && _waitingBytes + bytes > BufferBudgetBytes)
        {
            EvictEndedPasses(until: BufferBudgetBytes - bytes);
            if (_waitingBytes + bytes > BufferBudgetBytes)
            {
                _logger.LogDebug(
                    "{Video}: the shared pass holds {Bytes} bytes for chunks nobody has asked for; chunk {Chunk} " +
                    "will decode alone", feed.Pass.Video.DisplayName, _waitingBytes, Array.IndexOf(feed.Pass.Feeds, feed));
                Evict(feed);
            }
        }

        if (feed.State is not (FeedState.Claimed or FeedState.Waiting))
        {
            frame.Dispose();
            return;
        }

        feed.Frames.Writer.TryWrite(frame);
        if (feed.State == FeedState.Waiting)
        {
            feed.WaitingBytes += bytes;
            _waitingBytes += bytes;
        }
    }

    /// <summary>Drops held frames of passes whose ffmpeg has ended and that nobody reads, oldest first.</summary>
    private void EvictEndedPasses(long until)
    {
        foreach (var pass in _claimable.Where(p => p.Finished && p.Readers == 0).ToArray())
        {
            foreach (var feed in pass.Feeds.Where(f => f.State == FeedState.Waiting))
            {
                Evict(feed);
                if (_waitingBytes <= until)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Closes the chunk's feed; returns how many of its targets were covered.</summary>
    private int Release(ChunkFeed feed, bool cancelled)
    {
        SharedDecodePass? abandoned = null;
        int covered;
        lock (_gate)
        {
            covered = feed.Covered;
            feed.State = FeedState.Closed;
            feed.Drop();
            var pass = feed.Pass;
            pass.Readers--;
            if (cancelled && pass.Readers == 0 && !pass.Finished)
            {
                // The scan was cancelled: the chunks still waiting will not be asked for.
                foreach (var waiting in pass.Feeds.Where(f => f.State == FeedState.Waiting))
                {
                    Evict(waiting);
                }

                abandoned = pass;
            }
        }

        abandoned?.Stop.Cancel();
        return covered;
    }

    private void Evict(ChunkFeed feed)
    {
        feed.State = FeedState.Evicted;
        feed.Drop();
        _waitingBytes -= feed.WaitingBytes;
        feed.WaitingBytes = 0;
        RetireIfServed(feed.Pass);
    }

    /// <summary>A pass none of whose chunks can still be asked for leaves the registry; the next scan starts anew.</summary>
    private void RetireIfServed(SharedDecodePass pass)
    {
        if (pass.Feeds.All(f => f.State != FeedState.Waiting))
        {
            _claimable.Remove(pass);
        }
    }
}
