using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;

namespace DeepScan.Cli.Tests.Http;

/// <summary>A webhook receiver that is down for good: the failure is recorded, the scan itself still completes.
/// </summary>
public sealed class WebhookFailureTests(AzuriteServeFixture fixture) : IClassFixture<AzuriteServeFixture>
{
    [Fact]
    public async Task AReceiverThatIsDownGetsThreeAttemptsAndTheFinalFailureIsKeptOnTheScan()
    {
        var callbackUrl = $"http://127.0.0.1:{LoopbackPorts.Closed()}/hooks";

        var response = await fixture.Api.PostUploadAsync(
            TestVideos.RealClipBytes(),
            "unheard.mp4",
            new Dictionary<string, string>
            {
                ["callbackUrl"] = callbackUrl,
                ["callbackSecret"] = ServeEndToEndTests.NewSecret(),
            });
        var accepted = response.Read<ScanAccepted>();
        var record = await fixture.Host.DeliveriesRecordedAsync(accepted.Id);
        var status = (await fixture.Api.GetAsync(accepted.StatusUrl)).Read<ScanStatusResponse>();

        var delivery = Assert.Single(record.Deliveries!);
        Assert.False(delivery.Delivered);
        Assert.Equal(3, delivery.Attempts);
        Assert.Null(delivery.LastStatusCode);
        Assert.Equal(callbackUrl, delivery.Url);
        Assert.Contains("could not be reached", delivery.LastError);
        Assert.Equal(ScanStatus.Completed, record.Status);
        Assert.Null(record.Error);
        Assert.Equal(ScanStatus.Completed, status.Status);
        Assert.NotNull(status.Verdict);
    }
}
