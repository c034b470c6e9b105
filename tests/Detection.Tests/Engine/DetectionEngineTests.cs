using System.Runtime.CompilerServices;
using DeepScan.Detection.Engine;
using DeepScan.Detection.Evidence;
using DeepScan.Detection.Models;
using DeepScan.Detection.Tests.Video;
using DeepScan.Detection.Video;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepScan.Detection.Tests.Engine;

/// <summary>The engine end to end on real videos, models, ffmpeg and ONNX Runtime.</summary>
public sealed class DetectionEngineTests(GeneratedVideos media) : IClassFixture<GeneratedVideos>
{
    private static readonly DeepScanPaths Paths = new(TestPaths.ModelDir, TestPaths.Manifest);

    private static DetectionEngine Engine(IFrameSource? frames = null) =>
        DetectionEngine.Create(new DetectionOptions(), Paths, NullLoggerFactory.Instance, frames);

    private static async Task<IReadOnlyList<FrameChunk>> Plan(string path, int frames, int chunkSize)
    {
        var video = new VideoRef(path);
        return ChunkPlanner.Plan(video, await new VideoProber().ProbeAsync(video, CancellationToken.None), frames, chunkSize);
    }

    [Fact]
    public async Task SharedDecodePassScoresEveryChunkExactlyAsPerChunkDecoding()
    {
        var plan = await Plan(TestPaths.Video("fake/celebdf-id0_id1_0005.mp4"), 12, 4);
        using var perChunk = Engine();
        using var shared = Engine(new SharedPassFrameSource(new FrameSampling(12), 4));

        var expected = await Task.WhenAll(plan.Select(c => perChunk.ScoreChunkAsync(c, CancellationToken.None)));
        var actual = await Task.WhenAll(plan.Select(c => shared.ScoreChunkAsync(c, CancellationToken.None)));

        Assert.All(expected.Zip(actual), pair =>
        {
            var (e, a) = pair;
            Assert.Equal(e.ChunkIndex, a.ChunkIndex);
            Assert.Equal(e.Frames.Select(f => f.Index), a.Frames.Select(f => f.Index));
            var expectedFaces = e.Frames.SelectMany(f => f.Faces).ToArray();
            var actualFaces = a.Frames.SelectMany(f => f.Faces).ToArray();
            Assert.Equal(expectedFaces.Select(f => (f.Box, f.DetectorScore, f.FakeProbability)),
                actualFaces.Select(f => (f.Box, f.DetectorScore, f.FakeProbability)));
        });
        Assert.True(actual.Sum(c => c.Frames.Sum(f => f.Faces.Length)) >= plan.Count);
        Assert.All(actual, c => Assert.True(c.Timings.DetectMs > 0 && c.Timings.ClassifyMs > 0));
    }

    [Fact]
    public async Task FramesScoredSideBySideComeBackInFrameOrderWithTheirThumbnails()
    {
        // Every frame of the one chunk is decoded before the first is scored, so the engine scores them side by side.
        var plan = await Plan(TestPaths.Video("fake/celebdf-id0_id1_0005.mp4"), 8, 8);
        using var engine = Engine();
        var thumbnails = new List<FaceThumbnail>();

        var scores = await engine.ScoreChunkAsync(plan[0], CancellationToken.None, thumbnails.Add);

        Assert.Equal(plan[0].FrameIndices.Length, scores.Frames.Length);
        Assert.Equal(scores.Frames.Select(f => f.Index).Order(), scores.Frames.Select(f => f.Index));
        Assert.Equal(
            scores.Frames.SelectMany(f => f.Faces.Select((face, i) => (f.Index, i, face.Box))),
            thumbnails.Select(t => (t.FrameIndex, t.FaceIndex, t.Box)));
        Assert.NotEmpty(thumbnails);
    }

    [Fact]
    public async Task CancellingWhileFramesAreScoredThrowsOnceTheyHaveStopped()
    {
        var plan = await Plan(TestPaths.Video("fake/celebdf-id0_id1_0005.mp4"), 8, 8);
        using var cancel = new CancellationTokenSource();
        using var engine = Engine(new CancelAfterFrames(new ChunkFrameSource(new FrameDecoder()), 2, cancel));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.ScoreChunkAsync(plan[0], cancel.Token));
    }

    [Fact]
    public async Task FramesWithoutFacesAreReportedWithNoFaces()
    {
        var plan = await Plan(media.Small, 4, 4);
        using var engine = Engine(new SharedPassFrameSource(new FrameSampling(4), 4));

        var scores = await engine.ScoreChunkAsync(plan[0], CancellationToken.None);

        // Reference frames only: each target's frame is at most a frame before it, and here at most two after.
        Assert.True(plan[0].ReferenceFramesOnly);
        Assert.Equal(plan[0].FrameIndices.Length, scores.Frames.Length);
        Assert.All(
            plan[0].FrameIndices.Zip(scores.Frames), p => Assert.InRange(p.Second.Index, p.First - 1, p.First + 2));
        Assert.All(scores.Frames, f => Assert.Empty(f.Faces));
        Assert.Equal(engine.MemberNames, scores.Members);
    }

    [Fact]
    public async Task ChunkPastTheEndOfATruncatedVideoIsAVideoInputError()
    {
        var cut = media.Truncate(media.FastStart, 0.3, "engine-third.mp4");
        var plan = await Plan(cut, 6, 2);
        using var engine = Engine(new SharedPassFrameSource(new FrameSampling(6), 2));

        await Assert.ThrowsAsync<VideoInputException>(() => engine.ScoreChunkAsync(plan[^1], CancellationToken.None));
    }

    /// <summary>Cancels the scan once it has handed out <paramref name="frames"/> frames of a chunk.</summary>
    private sealed class CancelAfterFrames(IFrameSource inner, int frames, CancellationTokenSource cancel) : IFrameSource
    {
        public async IAsyncEnumerable<DecodedFrame> ReadAsync(
            FrameChunk chunk, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var handed = 0;
            await foreach (var frame in inner.ReadAsync(chunk, cancellationToken))
            {
                yield return frame;
                if (++handed == frames)
                {
                    await cancel.CancelAsync();
                }
            }
        }
    }
}
