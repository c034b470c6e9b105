using DeepScan.Workflow.Activities;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;

namespace DeepScan.Workflow.Tests.Activities;

/// <summary>FinishScan writes a scan's final status once: what another host on the same storage finished stands.</summary>
public sealed class FinishScanTests
{
    private readonly InMemoryScanStore store = new();

    private async Task<ScanRecordActivities> WithScan(ScanStatus status)
    {
        var now = DateTimeOffset.UtcNow;
        await store.TryCreateAsync(new ScanRecord("scan-1", "v.mp4", "abc", status, now, now, []), CancellationToken.None);
        return new ScanRecordActivities(store, TimeProvider.System);
    }

    [Fact]
    public async Task AScanAnotherHostCompletedIsNotMarkedFailedHere()
    {
        var activities = await WithScan(ScanStatus.Completed);

        await activities.FinishScanAsync(
            new FinishScanInput("scan-1", ScanStatus.Failed, null, "WriteVerdict failed: a different verdict exists"),
            CancellationToken.None);

        var record = await store.GetAsync("scan-1", CancellationToken.None);
        Assert.Equal((ScanStatus.Completed, null), (record!.Status, record.Error));
        Assert.Empty(store.Failures);
    }

    [Fact]
    public async Task ARunningScanIsFinishedAndARetryOfTheSameFinishKeepsItsFailureRecord()
    {
        var activities = await WithScan(ScanStatus.Running);
        var failed = new FinishScanInput("scan-1", ScanStatus.Failed, null, "no chunk could be scored");

        await activities.FinishScanAsync(failed, CancellationToken.None);
        await activities.FinishScanAsync(failed, CancellationToken.None); // the activity's retry

        Assert.Equal(ScanStatus.Failed, (await store.GetAsync("scan-1", CancellationToken.None))!.Status);
        Assert.Equal(2, store.Failures.Count);
    }
}
