using DeepScan.Detection.Video;

namespace DeepScan.Detection.Tests.Video;

/// <summary>
/// The shared decode pass, against real ffmpeg: every chunk gets exactly what its own <see cref="FrameDecoder"/>
/// process would give it (pixels, a short stream, an error), whatever order chunks ask in.
/// </summary>
public sealed class SharedPassFrameSourceTests(GeneratedVideos media) : IClassFixture<GeneratedVideos>
{
    private const int OneChunkOfSmall = 4 * 64 * 32 * 3; // four 64x32 RGB frames

    private static async Task<IReadOnlyList<FrameChunk>> Plan(string path, int frames, int chunkSize)
    {
        var video = new VideoRef(path);
        var info = await new VideoProber().ProbeAsync(video, CancellationToken.None);
        return ChunkPlanner.Plan(video, info, frames, chunkSize);
    }

    private static async Task<List<DecodedFrame>> Read(IFrameSource source, FrameChunk chunk)
    {
        var frames = new List<DecodedFrame>();
        await foreach (var frame in source.ReadAsync(chunk, CancellationToken.None))
        {
            frames.Add(frame);
        }

        return frames;
    }

    private static async Task AssertSameAsOwnDecoder(FrameChunk chunk, IReadOnlyList<DecodedFrame> shared)
    {
        var own = await new FrameDecoder().DecodeAsync(chunk, CancellationToken.None);
        Assert.Equal(own.Select(f => (f.Index, f.TimeSeconds)), shared.Select(f => (f.Index, f.TimeSeconds)));
        Assert.All(own.Zip(shared), pair => Assert.Equal(pair.First.Image.Pixels, pair.Second.Image.Pixels));
    }

    [Theory]
    [InlineData("generated", 12, 4)]
    [InlineData("real/ffpp-c23-519.mp4", 32, 8)] // its container marks non-IDR keyframes: no seeking anywhere
    public async Task EveryChunkGetsThePixelsItsOwnDecoderWouldGive(string file, int frames, int chunkSize)
    {
        var plan = await Plan(file == "generated" ? media.Small : TestPaths.Video(file), frames, chunkSize);
        using var source = new SharedPassFrameSource(new FrameSampling(frames), chunkSize);

        var shared = await Task.WhenAll(plan.Select(chunk => Read(source, chunk)));

        Assert.True(plan.Count > 2);
        foreach (var (chunk, got) in plan.Zip(shared))
        {
            await AssertSameAsOwnDecoder(chunk, got);
        }

        Assert.Equal(0, source.ClaimablePasses); // every chunk was served, so the pass is gone
    }

    [Fact]
    public async Task APassBegunBeforeAnyChunkAsksServesEveryChunk()
    {
        var plan = await Plan(media.Small, 12, 4);
        using var source = new SharedPassFrameSource(new FrameSampling(12), 4);

        await source.BeginAsync(plan[0].Video, plan[0].Info, CancellationToken.None);
        await source.BeginAsync(plan[0].Video, plan[0].Info, CancellationToken.None); // one pass per video
        await source.WhenPassesEndAsync();              // the whole video is decoded before any chunk asks
        Assert.Equal(1, source.ClaimablePasses);
        var shared = await Task.WhenAll(plan.Select(chunk => Read(source, chunk)));

        foreach (var (chunk, got) in plan.Zip(shared))
        {
            await AssertSameAsOwnDecoder(chunk, got);
        }

        Assert.Equal(0, source.ClaimablePasses); // every chunk took its frames from the begun pass
    }

    [Fact]
    public async Task APassBegunWithFfmpegPrestartedServesEveryChunkAndADiscardedOneIsKilled()
    {
        var plan = await Plan(TestPaths.Video("fake/dfdc-abofeumbvv.mp4"), 32, 8);
        using var source = new SharedPassFrameSource(new FrameSampling(32), 8);

        source.Prestart(plan[0].Video);
        await source.BeginAsync(plan[0].Video, plan[0].Info, CancellationToken.None);
        var shared = await Task.WhenAll(plan.Select(chunk => Read(source, chunk)));

        foreach (var (chunk, got) in plan.Zip(shared))
        {
            await AssertSameAsOwnDecoder(chunk, got);
        }

        var other = new VideoRef(media.Small);
        source.Prestart(other);
        var waiting = source.PrestartedProcessId(other)!.Value;
        Assert.False(System.Diagnostics.Process.GetProcessById(waiting).HasExited);
        source.Discard(other);
        Assert.Null(source.PrestartedProcessId(other));
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(waiting));
    }

    [Fact]
    public async Task ChunksAskingOneAfterAnotherGetFramesHeldForThem()
    {
        var plan = await Plan(media.Small, 12, 4);
        using var source = new SharedPassFrameSource(new FrameSampling(12), 4);

        var first = await Read(source, plan[0]);
        await source.WhenPassesEndAsync();              // the whole video is decoded before the others ask
        var rest = new List<List<DecodedFrame>>();
        foreach (var chunk in plan.Skip(1))
        {
            rest.Add(await Read(source, chunk));
        }

        await AssertSameAsOwnDecoder(plan[0], first);
        foreach (var (chunk, got) in plan.Skip(1).Zip(rest))
        {
            await AssertSameAsOwnDecoder(chunk, got);
        }
    }

    [Fact]
    public async Task TwoVideosAtOnceEachGetTheirOwnFrames()
    {
        var small = await Plan(media.Small, 12, 4);
        var rotated = await Plan(media.Rotated, 12, 4);
        using var source = new SharedPassFrameSource(new FrameSampling(12), 4);

        var reads = await Task.WhenAll(small.Concat(rotated).Select(chunk => Read(source, chunk)));

        foreach (var (chunk, got) in small.Concat(rotated).Zip(reads))
        {
            await AssertSameAsOwnDecoder(chunk, got);
        }

        Assert.All(reads.Skip(small.Count).SelectMany(f => f), f => Assert.Equal((32, 64), (f.Image.Width, f.Image.Height)));
    }

    [Fact]
    public async Task TruncatedVideoGivesEachChunkWhatItsOwnDecoderGives()
    {
        var cut = media.Truncate(media.FastStart, 0.5, "shared-half.mp4");
        var plan = await Plan(cut, 6, 2);
        using var source = new SharedPassFrameSource(new FrameSampling(6), 2);

        var outcomes = await Task.WhenAll(plan.Select(async chunk =>
        {
            var shared = await Outcome(() => Read(source, chunk));
            var own = await Outcome(async () => (await new FrameDecoder().DecodeAsync(chunk, CancellationToken.None)).ToList());
            return (shared, own);
        }));

        Assert.Equal(outcomes.Select(o => o.own), outcomes.Select(o => o.shared));
        Assert.Contains(outcomes, o => o.own.StartsWith("frames", StringComparison.Ordinal));
        Assert.Contains(outcomes, o => o.own.StartsWith("error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CancellingTheOnlyReaderStopsFfmpegAndDropsTheHeldFrames()
    {
        var plan = await Plan(TestPaths.Video("real/dfdc-lynaeydofd.mp4"), 32, 8);
        using var source = new SharedPassFrameSource(new FrameSampling(32), 8);
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var frame in source.ReadAsync(plan[0], cancel.Token))
            {
                frame.Dispose();
                await cancel.CancelAsync(); // after the first frame: ffmpeg is still far from the end of the video
            }
        });
        await source.WhenPassesEndAsync();

        Assert.Equal(1, source.StoppedPasses);
        Assert.Equal(0, source.ClaimablePasses);
        await AssertSameAsOwnDecoder(plan[1], await Read(source, plan[1])); // a later ask decodes on its own
    }

    [Fact]
    public async Task ChunksOutsideThePlanOrAskedTwiceDecodeOnTheirOwn()
    {
        var plan = await Plan(media.Small, 12, 4);
        using var source = new SharedPassFrameSource(new FrameSampling(12), 4);
        var unplanned = plan[1] with { FrameIndices = [1, 2, 3] };

        var alone = await Read(source, unplanned);
        Assert.Equal(0, source.ClaimablePasses);  // no pass was started for it
        var first = await Read(source, plan[0]);
        var again = await Read(source, plan[0]);   // a retry

        await AssertSameAsOwnDecoder(unplanned, alone);
        await AssertSameAsOwnDecoder(plan[0], first);
        await AssertSameAsOwnDecoder(plan[0], again);
    }

    [Fact]
    public async Task OverTheBufferBudgetChunksNobodyAskedForDecodeOnTheirOwn()
    {
        var plan = await Plan(media.Small, 12, 4);
        using var source = new SharedPassFrameSource(new FrameSampling(12), 4, bufferBudgetBytes: OneChunkOfSmall);

        var first = await Read(source, plan[0]);
        await source.WhenPassesEndAsync();         // chunk 1's frames fill the budget; chunk 2's are dropped
        var dropped = await Read(source, plan[2]);
        Assert.Equal(1, source.ClaimablePasses);   // chunk 1 is still held
        var held = await Read(source, plan[1]);

        Assert.Equal(0, source.ClaimablePasses);
        await AssertSameAsOwnDecoder(plan[0], first);
        await AssertSameAsOwnDecoder(plan[2], dropped);
        await AssertSameAsOwnDecoder(plan[1], held);
    }

    [Fact]
    public async Task FramesHeldByAnEndedPassMakeRoomForANewVideo()
    {
        var small = await Plan(media.Small, 12, 4);
        var rotated = await Plan(media.Rotated, 12, 4);
        using var source = new SharedPassFrameSource(new FrameSampling(12), 4, bufferBudgetBytes: OneChunkOfSmall);

        await Read(source, small[0]);
        await source.WhenPassesEndAsync();          // the small video's chunk 1 now holds the whole budget
        await Read(source, rotated[0]);
        await source.WhenPassesEndAsync();

        Assert.Equal(1, source.ClaimablePasses);    // only the rotated video's pass still holds frames
        await AssertSameAsOwnDecoder(rotated[1], await Read(source, rotated[1]));
        await AssertSameAsOwnDecoder(small[1], await Read(source, small[1]));
    }

    /// <summary>What reading gave: the frame indices, or the error's type and reason.</summary>
    private static async Task<string> Outcome(Func<Task<List<DecodedFrame>>> read)
    {
        try
        {
            return "frames " + string.Join(",", (await read()).Select(f => f.Index));
        }
        catch (VideoInputException ex)
        {
            return $"error {ex.Reason}";
        }
    }
}
