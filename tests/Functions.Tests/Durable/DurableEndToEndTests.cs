using System.Text.Json;
using DeepScan.Detection;
using DeepScan.Detection.Tests;
using DeepScan.Detection.Tests.Evidence;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Events;
using DeepScan.Workflow.Tests.Fakes;
using DeepScan.Workflow.Tests.Storage;

namespace DeepScan.Functions.Tests.Durable;

/// <summary>
/// A dev video scanned end to end by the Functions app on the real Durable Task engine: Azurite blob storage, ffmpeg
/// and ONNX Runtime behind the activities, the completion CloudEvent posted to a loopback Event Grid stand-in and the
/// webhook delivered to a loopback receiver.
/// </summary>
public sealed class DurableEndToEndTests
{
    [Fact]
    public async Task A_dev_video_is_scanned_with_one_event_and_one_webhook_despite_replays()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        using var events = new CloudEventReceiver();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await DurableFunctionsHost.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["EventGrid:TopicEndpoint"] = events.TopicEndpoint.ToString(),
            ["EventGrid:TopicKey"] = "local-topic-key",
        });
        await using var file = File.OpenRead(TestPaths.Video("real/dfdc-lynaeydofd.mp4"));
        var video = await host.UploadAsync("clips/dfdc-lynaeydofd.mp4", file);

        var (result, _) = await host.ScanAsync(
            video, TimeSpan.FromMinutes(3), new WebhookRegistration(receiver.HookUrl, null));

        // Fan-out over two chunks of four frames, fan-in, one verdict written.
        Assert.Equal(ScanStatus.Completed, result.Status);
        Assert.Equal((2, 2), (result.ChunksPlanned, result.ChunksScored));
        var verdict = (await host.Scans.ReadVerdictAsync(result.ScanId, CancellationToken.None))!;
        Assert.Equal(8, verdict.Frames.Length);
        Assert.NotEqual(VerdictState.Error, verdict.Verdict);
        Assert.Equal(result.Verdict, verdict.Verdict);
        var record = (await host.Scans.GetAsync(result.ScanId, CancellationToken.None))!;
        Assert.Equal(ScanStatus.Completed, record.Status);

        // The chunks, scored in separate activities, each kept their thumbnails in the blob store; the sheet beside
        // the verdict shows every scored face.
        var chunks = await host.Scans.ReadChunkEvidenceAsync(result.ScanId, CancellationToken.None);
        Assert.Equal(verdict.Frames.Sum(f => f.Faces.Length), chunks.Sum(c => c.Faces.Length));
        EvidenceSheetAssert.IsSheetOf(
            (await host.Scans.ReadEvidenceAsync(result.ScanId, CancellationToken.None))!, verdict);

        // The orchestrator was replayed after every activity; each side effect still happened once.
        var published = await events.NextAsync();
        using (var cloudEvent = JsonDocument.Parse(published.Body))
        {
            var root = cloudEvent.RootElement.ValueKind == JsonValueKind.Array
                ? cloudEvent.RootElement[0]
                : cloudEvent.RootElement;
            Assert.Equal(result.ScanId, root.GetProperty("data").GetProperty("scanId").GetString());
        }

        var webhook = Assert.Single(receiver.Received);
        Assert.Contains(result.ScanId, webhook.Text);
        Assert.True(Assert.Single(result.Webhooks).Delivered);
    }
}
