using DeepScan.Detection.Video;

namespace DeepScan.Detection.Tests.Video;

public sealed class FrameSelectionTests
{
    [Fact]
    public void EveryFrameDecodedGivesEachTargetItself()
    {
        var selection = new FrameSelection([0, 3, 4], fps: 10, referenceFramesOnly: false);

        var covered = Enumerable.Range(0, 6).Select(i => selection.Cover(i / 10.0).ToArray()).ToArray();

        Assert.Equal([[0], [], [], [3], [4], []], covered);
        Assert.True(selection.Complete);
    }

    [Fact]
    public void WithReferenceFramesOnlyATargetTakesTheFrameBeforeOrTheFirstAfter()
    {
        // Frames 0, 2, 4 and 8 decoded before the stream ends: target 3 takes 2 (a frame before), 7 takes 8, 10 none.
        var selection = new FrameSelection([3, 7, 10], fps: 10, referenceFramesOnly: true);

        Assert.Equal(0, selection.Cover(0.0).Count);
        Assert.Equal([3], selection.Cover(0.2));
        Assert.Equal(0, selection.Cover(0.4).Count);
        Assert.Equal([7], selection.Cover(0.8));
        Assert.Equal(2, selection.Covered);
        Assert.False(selection.Complete);
    }

    [Fact]
    public void AFrameMoreThanAFrameAndAHalfBeforeATargetDoesNotStandForIt()
    {
        var selection = new FrameSelection([10], fps: 10, referenceFramesOnly: true);

        Assert.Equal(0, selection.Cover(0.8).Count);
        Assert.Equal([10], selection.Cover(0.9));
    }

    [Fact]
    public void AFrameAfterALongGapStandsForEveryTargetItPassed()
    {
        var selection = new FrameSelection([3, 4, 9], fps: 10, referenceFramesOnly: false);

        Assert.Equal([3, 4], selection.Cover(0.6));
        Assert.Equal([9], selection.Cover(0.9));
    }

    [Theory]
    [InlineData(new[] { 0, 8 }, false, 2)] // frame 0 is a target's frame
    [InlineData(new[] { 5, 8 }, false, 3)] // frame 0 comes through as well, to start the clock
    [InlineData(new[] { 1, 8 }, true, 2)]  // frame 0 stands for target 1 when frames are skipped
    public void FfmpegStopsAfterTheTargetsAndTheFirstFrame(int[] targets, bool referenceFramesOnly, int expected) =>
        Assert.Equal(expected, new FrameSelection(targets, 10, referenceFramesOnly).MaxFrames);

    [Fact]
    public void FilterHasTheFirstFrameAndOneTermPerTargetAtItsBoundary()
    {
        var filter = new FrameSelection([0, 9], fps: 29.97, referenceFramesOnly: true).SelectFilter();

        Assert.StartsWith("select=eq(n\\,0)+", filter);
        Assert.Equal(2, filter.Split("prev_t").Length - 1);
        Assert.Contains("gte(t-start_t\\,-0.05005)", filter);   // (0 - 1.5) / 29.97, to six places
        Assert.Contains("gte(t-start_t\\,0.25025)", filter);    // (9 - 1.5) / 29.97
        Assert.DoesNotContain(",", filter.Replace("\\,", "")); // every comma escaped for the filtergraph
    }

    [Fact]
    public void ManyTargetsAreSummedInParenthesisedGroupsThatFfmpegAccepts()
    {
        var filter = new FrameSelection(Enumerable.Range(0, 100).Select(i => 3 * i + 1).ToArray(), 30, false)
            .SelectAndStopFilter();

        var sum = filter["select=".Length..filter.IndexOf(",trim=", StringComparison.Ordinal)];
        var groups = sum.Split(")+(");
        Assert.Equal(4, groups.Length); // 102 terms: the first frame, 100 targets and the stop, 32 a group
        Assert.StartsWith("(eq(n\\,0)+", sum);
        Assert.EndsWith(")", sum);
        Assert.Equal(100, filter.Split("prev_t").Length - 1);
    }

    [Fact]
    public void TooManyTargetsForOneProcessIsRefused() =>
        Assert.Throws<ArgumentException>(() =>
            new FrameSelection(Enumerable.Range(0, FrameSelection.MaxTargets + 1).ToArray(), 30, false));

    [Fact]
    public void IndexIsTimeTimesFpsRounded()
    {
        var selection = new FrameSelection([0], fps: 29.97, referenceFramesOnly: false);

        Assert.Equal(299, selection.IndexAt(299 / 29.97));
        Assert.Equal(8, selection.IndexAt(0.266933));
    }
}
