using DeepScan.Detection.Video;

namespace DeepScan.Detection.Tests.Video;

public sealed class PlanningTests
{
    [Theory]
    [InlineData(300, 4, new[] { 0, 99, 199, 299 })]
    [InlineData(10, 32, new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    [InlineData(100, 1, new[] { 0 })]
    [InlineData(5, 5, new[] { 0, 1, 2, 3, 4 })]
    public void SamplesEvenlyLikeLinspace(int frameCount, int count, int[] expected) =>
        Assert.Equal(expected, FrameSampler.EvenlySpaced(frameCount, count));

    [Fact]
    public void ThirtyTwoFramesOfTenSecondsAreDistinctAscendingAndSpanTheVideo()
    {
        var frames = FrameSampler.EvenlySpaced(300, 32);

        Assert.Equal(32, frames.Length);
        Assert.Equal(frames.Order(), frames);
        Assert.Equal((0, 299), (frames[0], frames[^1]));
    }

    [Fact]
    public void PlanGroupsSampledFramesIntoChunksInOrder()
    {
        var info = new VideoInfo(10, 30, 300, 1920, 1080, 0, "h264");

        var plan = ChunkPlanner.Plan(new VideoRef("v.mp4"), info, frames: 20, chunkSize: 8);

        Assert.Equal([8, 8, 4], plan.Select(c => c.FrameIndices.Length));
        Assert.Equal([0, 1, 2], plan.Select(c => c.Index));
        Assert.Equal(FrameSampler.EvenlySpaced(300, 20), plan.SelectMany(c => c.FrameIndices));
    }

    [Fact]
    public void PlanIsDeterministic()
    {
        var info = new VideoInfo(10, 30, 300, 1920, 1080, 0, "h264");

        var a = ChunkPlanner.Plan(new VideoRef("v.mp4"), info);
        var b = ChunkPlanner.Plan(new VideoRef("v.mp4"), info);

        Assert.Equal(a.SelectMany(c => c.FrameIndices), b.SelectMany(c => c.FrameIndices));
    }

    [Theory]
    [InlineData(300, 32, true)]   // 10 s at 30 fps: targets 9 to 10 frames apart
    [InlineData(150, 32, false)]  // 5 s: 4 to 5 apart, too close to skip frames
    [InlineData(24, 32, false)]   // shorter than the sample: every frame is a target
    [InlineData(100, 1, true)]
    public void PlanDecodesReferenceFramesOnlyWhenTargetsAreFarApart(int frameCount, int frames, bool expected)
    {
        var info = new VideoInfo(frameCount / 30.0, 30, frameCount, 1920, 1080, 0, "h264");

        var plan = ChunkPlanner.Plan(new VideoRef("v.mp4"), info, frames, chunkSize: 8);

        Assert.All(plan, c => Assert.Equal(expected, c.ReferenceFramesOnly));
    }

    [Theory]
    [InlineData(10, 0, 32, 32)] // no rate: the fixed count, whatever the length
    [InlineData(3600, 0, 32, 32)]
    [InlineData(10, 2, 1024, 20)] // two frames per second of video
    [InlineData(3600, 2, 1024, 1024)] // capped
    [InlineData(0.2, 1, 1024, 1)] // at least one
    public void SamplingRateFollowsTheVideosLengthUpToItsCap(double seconds, double rate, int cap, int expected)
    {
        var info = new VideoInfo(seconds, 30, (int)(seconds * 30), 640, 360, 0, "h264");

        Assert.Equal(expected, new FrameSampling(32, rate, cap).CountFor(info));
    }

    [Fact]
    public void EachTargetStartsAtTheLastResetFrameEarlyEnoughToPickTheSameFrame()
    {
        var info = new VideoInfo(40, 25, 1000, 160, 90, 0, "h264");
        var resets = new KeyFrameIndex([0, 250, 500, 750], 0.5, 148);

        var plan = ChunkPlanner.Plan(new VideoRef("v.mp4"), info, frames: 8, chunkSize: 4, resets);

        // Reference frames only (targets 142 apart): a reset frame at most 3 before its target.
        Assert.Equal([[0, 142, 285, 428], [570, 713, 856, 999]], plan.Select(c => c.FrameIndices));
        Assert.Equal([0, 0, 250, 250], plan[0].Seek!.From);
        Assert.Equal([500, 500, 750, 750], plan[1].Seek!.From);
        Assert.Equal((0.5, 148), (plan[1].Seek!.OriginSeconds, plan[1].Seek!.X264Build));
        Assert.Equal(0, FrameSelection.LatestStartFor(3, referenceFramesOnly: true));
        Assert.Equal(1, FrameSelection.LatestStartFor(3, referenceFramesOnly: false));
        Assert.Null(ChunkPlanner.Plan(new VideoRef("v.mp4"), info, 8, 4, new KeyFrameIndex([0], 0, null))[1].Seek);
    }

    [Fact]
    public void ARunOfTargetsStartsOverOnlyWhereSeekingSkipsTwoSecondsOfVideo()
    {
        // 25 fps: a new run where the start lies more than 50 frames past the previous target.
        var request = new DecodeRequest([10, 60, 300, 320, 900], true, [0, 0, 250, 250, 800]);

        Assert.Equal(
            [new DecodeSegment(0, 2, 0), new DecodeSegment(2, 2, 250), new DecodeSegment(4, 1, 800)],
            request.Segments(25));
        Assert.Equal([new DecodeSegment(0, 5, 0)], (request with { From = null }).Segments(25));
    }

    [Theory]
    [InlineData(10, false)]   // 32 frames 0.3 s apart
    [InlineData(60, false)]   // 58 to 59 frames apart at 30 fps: within two seconds
    [InlineData(64, true)]    // 61 to 62 apart
    [InlineData(3600, true)]
    public void APassMaySeekOnlyWhereSampledFramesLieMoreThanTwoSecondsApart(double seconds, bool maySeek)
    {
        var info = new VideoInfo(seconds, 30, (int)(seconds * 30), 640, 360, 0, "h264");
        var everySecond = new KeyFrameIndex(Enumerable.Range(0, (int)seconds).Select(s => s * 30).ToArray(), 0, null);

        var request = DecodeRequest.Of(ChunkPlanner.Plan(new VideoRef("v.mp4"), info, 32, 8, everySecond));

        Assert.Equal(maySeek, SharedPassFrameSource.MaySeek(new FrameSampling(32), info));
        // Where it may not, the plan's reset frames change nothing: one run, decoded from the first frame.
        Assert.True(maySeek || request.Segments(info.Fps) is [{ From: 0 }]);
    }

    [Fact]
    public void FarApartTargetsMoveBackToJustAfterTheirResetFrame()
    {
        // 1000 s at 25 fps, a reset frame every 10 s: 8 targets 125 s apart.
        var info = new VideoInfo(1000, 25, 25000, 160, 90, 0, "h264");
        var resets = new KeyFrameIndex(Enumerable.Range(0, 100).Select(i => i * 250).ToArray(), 0, null);

        var plan = ChunkPlanner.Plan(new VideoRef("v.mp4"), info, frames: 8, chunkSize: 8, resets);

        Assert.Equal([0, 3503, 7003, 10503, 14253, 17753, 21253, 24753], plan[0].FrameIndices);
        Assert.Equal([0, 3500, 7000, 10500, 14250, 17750, 21250, 24750], plan[0].Seek!.From);
        Assert.Equal(FrameSampler.EvenlySpaced(25000, 8), ChunkPlanner.Plan(new VideoRef("v.mp4"), info, 8, 8)[0].FrameIndices);
    }
}
