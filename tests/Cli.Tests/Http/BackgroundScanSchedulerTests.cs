using System.Net;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DeepScan.Cli.Tests.Http;

/// <summary>The local scheduler: one run per scan id, and a run that throws leaves a failed scan, not a stuck one.
/// </summary>
public sealed class BackgroundScanSchedulerTests
{
    [Fact]
    public async Task ARunThatThrowsMarksItsScanFailedAndARepeatedScheduleIsIgnored()
    {
        await using var host = await ServeHost.StartAsync(
            new Dictionary<string, string?> { ["Serve:WatchUploads"] = "false" });
        var video = TestVideos.RealClipBytes();
        const string name = "unlucky/clip.mp4";
        TestVideos.Drop(Path.Combine(host.UploadsPath, name), video);
        var scanId = ScanIds.For(name, TestVideos.Sha256(video));
        var now = DateTimeOffset.UtcNow;
        await host.Scans.TryCreateAsync(
            new ScanRecord(scanId, name, TestVideos.Sha256(video), ScanStatus.Pending, now, now, []),
            CancellationToken.None);
        var scheduler = host.Services.GetRequiredService<IScanScheduler>();
        // An aggregation the workflow cannot build: it throws after scoring, outside any activity.
        var input = new ScanWorkflowInput(
            scanId, host.Services.GetRequiredService<ScanSettings>() with { Aggregation = "no-such-strategy" });

        var first = await scheduler.ScheduleAsync(input, CancellationToken.None);
        var again = await scheduler.ScheduleAsync(input, CancellationToken.None);
        var failedFile = Path.Combine(host.RootPath, "failed", scanId + ".json");
        var failed = await Poll.UntilAsync(
            async () => await host.Scans.GetAsync(scanId, CancellationToken.None) is { Status: ScanStatus.Failed } r
                && File.Exists(failedFile)
                    ? r
                    : null,
            "the scan to be marked failed and kept in the failed folder");

        Assert.True(first);
        Assert.False(again);
        Assert.Contains("stopped unexpectedly", failed.Error);
        Assert.Contains("no-such-strategy", failed.Error);
        Assert.Contains("no-such-strategy", await File.ReadAllTextAsync(failedFile));
    }

    [Fact]
    public async Task AScanRetryingAWebhookDoesNotHoldTheNextScanBack()
    {
        await using var host = await ServeHost.StartAsync(new Dictionary<string, string?>
        {
            ["Serve:WatchUploads"] = "false",
            ["Serve:MaxConcurrentScans"] = "1",
            ["Webhooks:AllowLoopback"] = "true",
            ["Webhooks:AllowHttp"] = "true",
            ["Webhooks:MaxAttempts"] = "5", // retries after 5, 20, 80 and 320 s: minutes of waiting
        });
        var api = new ScanApi(host.Client);
        var video = TestVideos.RealClipBytes();
        TestVideos.Drop(Path.Combine(host.UploadsPath, "first/clip.mp4"), video);
        TestVideos.Drop(Path.Combine(host.UploadsPath, "second/clip.mp4"), video);

        var refused = await api.PostJsonAsync(
            $$"""{"blobName":"first/clip.mp4","callbackUrl":"http://127.0.0.1:{{LoopbackPorts.Closed()}}/hooks"}""");
        var next = await api.PostJsonAsync("""{"blobName":"second/clip.mp4"}""");
        var second = await api.WaitUntilFinishedAsync(next.Read<ScanAccepted>().Id);

        Assert.Equal(HttpStatusCode.Accepted, refused.Status);
        Assert.Equal(ScanStatus.Completed, second.Status);
        // The first scan finished too, and is still retrying its webhook: no outcome recorded yet.
        var first = await host.Scans.GetAsync(refused.Read<ScanAccepted>().Id, CancellationToken.None);
        Assert.Equal(ScanStatus.Completed, first!.Status);
        Assert.Null(first.Deliveries);
    }
}
