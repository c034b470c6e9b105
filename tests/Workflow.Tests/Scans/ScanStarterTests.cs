using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepScan.Workflow.Tests.Scans;

/// <summary>Starting a scan once per video version, and what a second request for the same video does.</summary>
public sealed class ScanStarterTests
{
    private readonly InMemoryScanStore scans = new();
    private readonly InMemoryVideoStore videos = new();
    private readonly RecordingScheduler scheduler = new();

    public ScanStarterTests() => videos.Add("clip.mp4");

    private ScanStarter Starter() => new(
        videos, scans, new ScanOptions().ToSettings(new()), TimeProvider.System, NullLogger<ScanStarter>.Instance);

    private static WebhookRegistration Hook(string name) => new($"https://hooks.example/{name}", null);

    [Fact]
    public async Task FirstRequestCreatesTheRecordWithItsWebhookAndSchedulesTheRun()
    {
        var id = (await Starter().StartAsync(scheduler, "clip.mp4", [Hook("a")], CancellationToken.None)).ScanId;

        var record = (await scans.GetAsync(id, CancellationToken.None))!;
        Assert.Equal([Hook("a")], record.Webhooks);
        Assert.Equal([id], scheduler.Scheduled);
    }

    [Fact]
    public async Task ARequestForARunningScanAddsItsWebhookOnce()
    {
        var id = (await Starter().StartAsync(scheduler, "clip.mp4", [Hook("a")], CancellationToken.None)).ScanId;
        await scans.UpdateAsync(id, r => r with { Status = ScanStatus.Running }, CancellationToken.None);

        Assert.Equal(
            new ScanStart(id, Finished: false),
            await Starter().StartAsync(scheduler, "clip.mp4", [Hook("b")], CancellationToken.None));
        await Starter().StartAsync(scheduler, "clip.mp4", [Hook("b")], CancellationToken.None);
        await Starter().StartAsync(scheduler, "clip.mp4", [], CancellationToken.None);

        Assert.Equal([Hook("a"), Hook("b")], (await scans.GetAsync(id, CancellationToken.None))!.Webhooks);
    }

    [Fact]
    public async Task TheSameUrlWithAnotherSecretIsAnotherCallersWebhook()
    {
        var id = (await Starter().StartAsync(scheduler, "clip.mp4", [Hook("a") with { Secret = "whsec_one" }],
            CancellationToken.None)).ScanId;

        await Starter().StartAsync(scheduler, "clip.mp4", [Hook("a") with { Secret = "whsec_two" }], CancellationToken.None);
        await Starter().StartAsync(scheduler, "clip.mp4", [Hook("a") with { Secret = "whsec_one" }], CancellationToken.None);

        Assert.Equal(
            ["whsec_one", "whsec_two"], (await scans.GetAsync(id, CancellationToken.None))!.Webhooks.Select(w => w.Secret));
    }

    [Theory]
    [InlineData(ScanStatus.Completed)]
    [InlineData(ScanStatus.Failed)]
    public async Task AFinishedScanKeepsItsWebhooksAndIsNotRunAgain(ScanStatus finished)
    {
        var id = (await Starter().StartAsync(scheduler, "clip.mp4", [Hook("a")], CancellationToken.None)).ScanId;
        await scans.UpdateAsync(id, r => r with { Status = finished }, CancellationToken.None);

        var again = await Starter().StartAsync(scheduler, "clip.mp4", [Hook("b")], CancellationToken.None);

        Assert.Equal(new ScanStart(id, Finished: true), again);
        Assert.Equal([Hook("a")], (await scans.GetAsync(id, CancellationToken.None))!.Webhooks);
        Assert.Equal([id], scheduler.Scheduled);
    }

    private sealed class RecordingScheduler : IScanScheduler
    {
        public List<string> Scheduled { get; } = [];

        public Task<bool> ScheduleAsync(ScanWorkflowInput input, CancellationToken cancellationToken)
        {
            var started = !Scheduled.Contains(input.ScanId);
            if (started)
            {
                Scheduled.Add(input.ScanId);
            }

            return Task.FromResult(started);
        }
    }
}
