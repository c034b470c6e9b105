using System.Threading.Channels;

namespace DeepScan.Detection.Video;

/// <summary>What became of a chunk's frames in a <see cref="SharedDecodePass"/>.</summary>
internal enum FeedState
{
    /// <summary>Nobody has asked for the chunk yet; its frames are held for whoever does.</summary>
    Waiting,

    /// <summary>A reader takes the frames as they come.</summary>
    Claimed,

    /// <summary>The frames were dropped to stay within the buffer budget; the chunk decodes on its own.</summary>
    Evicted,

    /// <summary>The reader is done (or gave up); later frames are dropped.</summary>
    Closed,
}

/// <summary>One chunk's share of a <see cref="SharedDecodePass"/>: its frames, queued in index order.</summary>
/// <remarks>Every member but <see cref="Frames"/>' reader is guarded by the owning source's lock.</remarks>
internal sealed class ChunkFeed(SharedDecodePass pass, int expected)
{
    public SharedDecodePass Pass { get; } = pass;

    /// <summary>How many targets the chunk has: once all are covered, its feed completes without waiting for the
    /// pass.</summary>
    public int Expected { get; } = expected;

    /// <summary>How many of the chunk's targets a decoded frame has stood for so far.</summary>
    public int Covered { get; set; }

    public Channel<DecodedFrame> Frames { get; } =
        Channel.CreateUnbounded<DecodedFrame>(new UnboundedChannelOptions { SingleWriter = true });

    public FeedState State { get; set; }

    /// <summary>Bytes of frames queued while the chunk was <see cref="FeedState.Waiting"/>.</summary>
    public long WaitingBytes { get; set; }

    /// <summary>Releases every queued frame.</summary>
    public void Drop()
    {
        while (Frames.Reader.TryRead(out var frame))
        {
            frame.Dispose();
        }
    }
}

/// <summary>
/// One ffmpeg pass over every planned frame of a video, its frames routed to the feed of the chunk each belongs to.
/// </summary>
/// <remarks>Mutable state is guarded by the lock of the <see cref="SharedPassFrameSource"/> that owns the pass.</remarks>
internal sealed class SharedDecodePass
{
    private readonly Dictionary<int, ChunkFeed> _feedOfTarget;

    public SharedDecodePass(VideoRef video, VideoInfo info, IReadOnlyList<FrameChunk> plan)
    {
        Video = video;
        Info = info;
        Plan = plan;
        Feeds = plan.Select(c => new ChunkFeed(this, c.FrameIndices.Length)).ToArray();
        Request = DecodeRequest.Of(plan);
        _feedOfTarget = plan.SelectMany(c => c.FrameIndices.Select(i => (Target: i, Feed: Feeds[c.Index])))
            .ToDictionary(p => p.Target, p => p.Feed);
    }

    public VideoRef Video { get; }

    public VideoInfo Info { get; }

    /// <summary>The chunks the pass decodes for, by index.</summary>
    public IReadOnlyList<FrameChunk> Plan { get; }

    /// <summary>Every planned target frame index, ascending, and where each may start decoding: what ffmpeg selects.
    /// </summary>
    public DecodeRequest Request { get; }

    /// <summary>One feed per planned chunk, by chunk index.</summary>
    public ChunkFeed[] Feeds { get; }

    /// <summary>Cancelled to kill ffmpeg when nobody is left to read the pass. Never disposed: it has no timer, and
    /// a late cancel must not throw.</summary>
    public CancellationTokenSource Stop { get; } = new();

    public Task Pumping { get; set; } = Task.CompletedTask;

    /// <summary>Readers holding a claimed feed that they have not finished reading.</summary>
    public int Readers { get; set; }

    /// <summary>How ffmpeg ended; null while it runs, or when the pass was stopped or failed.</summary>
    public DecodeEnd? End { get; private set; }

    /// <summary>Why the pass could not run (ffmpeg missing, say); null otherwise.</summary>
    public Exception? Failure { get; private set; }

    public bool Finished { get; private set; }

    public bool Decodes(VideoRef video, VideoInfo info) => Video.Location == video.Location && Info == info;

    public ChunkFeed FeedOf(int target) => _feedOfTarget[target];

    /// <summary>Records how the pass ended and completes every feed, so each reader sees the end of its frames.</summary>
    public void Finish(DecodeEnd? end, Exception? failure)
    {
        End = end;
        Failure = failure;
        Finished = true;
        foreach (var feed in Feeds)
        {
            feed.Frames.Writer.TryComplete();
        }
    }
}
