using System.Collections.Concurrent;
using DeepScan.Detection;
using DeepScan.Detection.Evidence;
using DeepScan.Detection.Imaging;
using DeepScan.Detection.Video;
using DeepScan.Workflow.Activities;

namespace DeepScan.Workflow.Tests.Fakes;

/// <summary>
/// Stands in for the engine, which teammates build on other branches: probes to a fixed <see cref="VideoInfo"/>,
/// plans evenly spaced frames, and scores each frame with one face whose probability depends on the chunk. Chunks can
/// be scripted to fail a number of times or always.
/// </summary>
internal sealed class ScriptedEngine : IVideoProber, IKeyFrameScanner, IChunkPlanner, IChunkScorer
{
    public static readonly string[] Members = ["meso4", "spectrum"];

    private readonly ConcurrentDictionary<int, int> attempts = new();

    public VideoInfo Info { get; init; } = new(10, 30, 300, 640, 480, 0, "h264");

    public bool NotAVideo { get; init; }

    /// <summary>Chunk index → how many of its first attempts throw (int.MaxValue: all).</summary>
    public Dictionary<int, int> FailingAttempts { get; init; } = [];

    /// <summary>Chunk indices whose video gives them no frame at all (truncated): every attempt says so.</summary>
    public HashSet<int> Truncated { get; init; } = [];

    /// <summary>The fake probability every face gets, by chunk index; 0.2 when absent.</summary>
    public Func<int, float> Probability { get; init; } = _ => 0.2f;

    /// <summary>Runs as each chunk starts scoring: for what happens elsewhere while a scan runs.</summary>
    public Action<FrameChunk>? WhileScoring { get; init; }

    public int AttemptsOf(int chunkIndex) => attempts.GetValueOrDefault(chunkIndex);

    public Task<VideoInfo> ProbeAsync(VideoRef video, CancellationToken cancellationToken) => NotAVideo
        ? throw new UnusableVideoException($"'{video.DisplayName}' is not a video: no video stream was found.")
        : Task.FromResult(Info);

    /// <summary>Reset frames every 100 frames, so plans carry seeks through the workflow.</summary>
    public Task<KeyFrameIndex?> ScanAsync(VideoRef video, VideoInfo info, CancellationToken cancellationToken) =>
        Task.FromResult<KeyFrameIndex?>(new KeyFrameIndex(
            Enumerable.Range(0, (info.FrameCount + 99) / 100).Select(i => i * 100).ToArray(), 0, null));

    public IReadOnlyList<FrameChunk> Plan(
        VideoRef video, VideoInfo info, int frames, int chunkSize, KeyFrameIndex? keyFrames)
    {
        var count = Math.Min(frames, info.FrameCount);
        return Enumerable.Range(0, count)
            .Select(i => (int)((long)i * info.FrameCount / count))
            .Chunk(chunkSize)
            .Select((indices, n) => new FrameChunk(video, info, n, indices, Seek: keyFrames?.SeekFor(indices, false)))
            .ToArray();
    }

    /// <summary>Every scored face's box; its thumbnail is a 16x16 grey square.</summary>
    public static readonly FaceBox Box = new(10, 20, 100, 120);

    public Task<ChunkScores> ScoreChunkAsync(
        FrameChunk chunk, CancellationToken cancellationToken, Action<FaceThumbnail>? thumbnails = null)
    {
        WhileScoring?.Invoke(chunk);
        var attempt = attempts.AddOrUpdate(chunk.Index, 1, (_, n) => n + 1);
        if (Truncated.Contains(chunk.Index))
        {
            throw new Detection.Video.TruncatedVideoException($"no frame of chunk {chunk.Index} could be decoded.");
        }

        if (attempt <= FailingAttempts.GetValueOrDefault(chunk.Index))
        {
            throw new IOException($"Decoding chunk {chunk.Index} failed (attempt {attempt}).");
        }

        var p = Probability(chunk.Index);
        var frames = chunk.FrameIndices.Select(index => new FrameScores(
            index,
            index / chunk.Info.Fps,
            [new FaceScore(Box, 0.9f, [p, index % 2 == 0 ? float.NaN : p], p)])).ToArray();
        foreach (var frame in frames)
        {
            thumbnails?.Invoke(new FaceThumbnail(frame.Index, 0, Box, Grey(16)));
        }

        return Task.FromResult(new ChunkScores(
            chunk.Index, Members, [0.8, 0.7], frames, ["cpu", "cpu"], new DetectorSummary("blazeface", "cpu"),
            new StageTimings(1, 2, 3)));
    }

    private static RgbImage Grey(int side)
    {
        var pixels = new byte[side * side * 3];
        Array.Fill(pixels, (byte)128);
        return new RgbImage(side, side, pixels);
    }
}
