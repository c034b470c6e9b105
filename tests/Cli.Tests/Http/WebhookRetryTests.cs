using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;

namespace DeepScan.Cli.Tests.Http;

/// <summary>A webhook receiver that refuses twice (503) and then accepts: the third attempt delivers.</summary>
public sealed class WebhookRetryTests(AzuriteServeFixture fixture) : IClassFixture<AzuriteServeFixture>
{
    [Fact]
    public async Task AReceiverThatRefusesTwiceGetsTheWebhookOnTheThirdAttemptAndTheRecordSaysSo()
    {
        await using var receiver = await WebhookReceiver.StartAsync(status: n => n <= 2 ? 503 : 200);
        var secret = ServeEndToEndTests.NewSecret();

        var response = await fixture.Api.PostUploadAsync(
            TestVideos.RealClipBytes(), "flaky.mp4", ServeEndToEndTests.Callback(receiver, secret));
        var scanId = response.Read<ScanAccepted>().Id;
        var record = await fixture.Host.DeliveriesRecordedAsync(scanId);

        var delivery = Assert.Single(record.Deliveries!);
        Assert.True(delivery.Delivered);
        Assert.Equal(3, delivery.Attempts);
        Assert.Equal(200, delivery.LastStatusCode);
        Assert.Equal(receiver.HookUrl, delivery.Url);
        Assert.Equal(3, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(w => w.Id).Distinct()); // one message, retried
        Assert.All(receiver.Received, w => w.Verify(secret));
        Assert.Equal(ScanStatus.Completed, record.Status);
    }
}
