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
}
