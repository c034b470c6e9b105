using DeepScan.Cli.Http;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;

namespace DeepScan.Cli.Tests.Http;

/// <summary>Webhook retries pending when <c>serve</c> stops are delivered when it starts again.</summary>
public sealed class WebhookResumptionTests
{
    private static readonly Dictionary<string, string?> LoopbackWebhooks = new()
    {
        ["Webhooks:AllowLoopback"] = "true",
        ["Webhooks:AllowHttp"] = "true",
    };

    [Fact]
    public async Task AWebhookLeftRetryingAtAStopIsDeliveredAtTheNextStartAsTheSameMessageDespiteADamagedRecord()
    {
        await using var receiver = await WebhookReceiver.StartAsync(status: n => n == 1 ? 503 : 200);
        var secret = ServeEndToEndTests.NewSecret();
        var root = Directory.CreateTempSubdirectory("deepscan-resume-");
        try
        {
            string scanId;
            await using (var first = await ServeHost.StartAsync(LoopbackWebhooks, root: root))
            {
                var response = await new ScanApi(first.Client).PostUploadAsync(
                    TestVideos.RealClipBytes(), "resumed.mp4", ServeEndToEndTests.Callback(receiver, secret));
                scanId = response.Read<ScanAccepted>().Id;
                await Poll.UntilAsync(
                    () => Task.FromResult(receiver.Received.IsEmpty ? null : (object)true), "the refused first attempt");
            } // stopped during the 5 s wait before the second attempt

            // A record damaged by hand is skipped, not a reason to leave the others undelivered.
            await File.WriteAllTextAsync(
                Path.Combine(root.FullName, "scans", "scan-00000000000000000000000000000000.json"), "{\"id\": garbage");
            await using var second = await ServeHost.StartAsync(LoopbackWebhooks, root: root);
            var record = await second.DeliveriesRecordedAsync(scanId);

            Assert.Equal(ScanStatus.Completed, record.Status);
            var delivery = Assert.Single(record.Deliveries!);
            Assert.True(delivery.Delivered);
            Assert.Equal(2, receiver.Received.Count);
            Assert.Single(receiver.Received.Select(w => w.Id).Distinct()); // the same message, so receivers can tell
            Assert.All(receiver.Received, w => w.Verify(secret));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void OnlyFinishedScansWithWebhooksAndNoRecordedOutcomeFromBeforeTheStartAreResumed()
    {
        var start = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        var hook = new WebhookRegistration("https://93.184.215.14/hooks", null);
        var left = new ScanRecord(
            "scan-0123456789abcdef0123456789abcdef", "a.mp4", "v", ScanStatus.Completed, start.AddMinutes(-9),
            start.AddMinutes(-1), [hook]);

        Assert.True(WebhookResumption.WasLeftUndelivered(left, start));
        Assert.True(WebhookResumption.WasLeftUndelivered(left with { Status = ScanStatus.Failed }, start));
        Assert.False(WebhookResumption.WasLeftUndelivered(left with { Status = ScanStatus.Running }, start));
        Assert.False(WebhookResumption.WasLeftUndelivered(left with { Webhooks = [] }, start));
        Assert.False(WebhookResumption.WasLeftUndelivered(left with { Deliveries = [] }, start));
        Assert.False(WebhookResumption.WasLeftUndelivered(left with { UpdatedAt = start }, start)); // this run's own
    }
}
