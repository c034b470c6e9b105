using DeepScan.Cli.Http;

namespace DeepScan.Cli.Tests.Http;

/// <summary>When the uploads watcher starts a scan: an upload unchanged across a settle time, each version once.
/// </summary>
public sealed class UploadTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private static UploadEntry Clip(long bytes = 100, string stamp = "e1") => new("a/clip.mp4", bytes, stamp);

    [Theory]
    [InlineData("unchanged after the settle time", 100, "e1", 2.0, true)]
    [InlineData("unchanged, long after", 100, "e1", 60.0, true)]
    [InlineData("unchanged but too soon", 100, "e1", 1.9, false)]
    [InlineData("grew", 150, "e1", 2.0, false)]
    [InlineData("rewritten with the same size", 100, "e2", 2.0, false)]
    public void AnUploadIsDueOnlyWhenASecondListingShowsItUnchangedAfterTheSettleTime(
        string because, long bytes, string stamp, double secondsLater, bool due)
    {
        var tracker = new UploadTracker();

        var first = tracker.Observe([Clip()], T0, Settle);
        var then = tracker.Observe([Clip(bytes, stamp)], T0.AddSeconds(secondsLater), Settle);

        Assert.Empty(first);
        Assert.True(due == (then.Count == 1), because);
    }

    [Fact]
    public void AChangedUploadStartsItsSettleTimeAgain()
    {
        var tracker = new UploadTracker();
        tracker.Observe([Clip(100)], T0, Settle);
        tracker.Observe([Clip(150)], T0.AddSeconds(1), Settle);

        Assert.Empty(tracker.Observe([Clip(150)], T0.AddSeconds(2.5), Settle));
        Assert.Single(tracker.Observe([Clip(150)], T0.AddSeconds(3), Settle));
    }

    [Fact]
    public void AStartedVersionIsNeverDueAgainButANewVersionIs()
    {
        var tracker = new UploadTracker();
        tracker.Observe([Clip()], T0, Settle);
        tracker.MarkStarted(Assert.Single(tracker.Observe([Clip()], T0.AddSeconds(2), Settle)));

        Assert.Empty(tracker.Observe([Clip()], T0.AddSeconds(10), Settle));
        Assert.False(tracker.HasSettling);
        Assert.Empty(tracker.Observe([Clip(stamp: "e2")], T0.AddSeconds(11), Settle));
        Assert.True(tracker.HasSettling);
        Assert.Equal(Clip(stamp: "e2"), Assert.Single(tracker.Observe([Clip(stamp: "e2")], T0.AddSeconds(13), Settle)));
    }

    [Fact]
    public void AnUploadNotStartedStaysDueOnLaterPasses()
    {
        var tracker = new UploadTracker();
        tracker.Observe([Clip()], T0, Settle);

        Assert.Single(tracker.Observe([Clip()], T0.AddSeconds(2), Settle));
        Assert.Single(tracker.Observe([Clip()], T0.AddSeconds(3), Settle));
    }

    [Fact]
    public void AnUploadThatDisappearsIsForgottenAndCountsAsNewWhenItReturns()
    {
        var tracker = new UploadTracker();
        tracker.Observe([Clip()], T0, Settle);
        tracker.MarkStarted(Assert.Single(tracker.Observe([Clip()], T0.AddSeconds(2), Settle)));

        Assert.Empty(tracker.Observe([], T0.AddSeconds(3), Settle));
        Assert.Empty(tracker.Observe([Clip()], T0.AddSeconds(4), Settle));
        Assert.Single(tracker.Observe([Clip()], T0.AddSeconds(6), Settle));
    }

    [Fact]
    public void UploadsAreTrackedEachOnTheirOwn()
    {
        var tracker = new UploadTracker();
        var other = new UploadEntry("b/other.mp4", 5, "x");
        tracker.Observe([Clip()], T0, Settle);
        tracker.Observe([Clip(), other], T0.AddSeconds(1), Settle);

        Assert.Equal([Clip()], tracker.Observe([Clip(), other], T0.AddSeconds(2), Settle));
        Assert.Equal([Clip(), other], tracker.Observe([Clip(), other], T0.AddSeconds(3), Settle));
    }
}
