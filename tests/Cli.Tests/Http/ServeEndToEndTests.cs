using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using DeepScan.Detection;
using DeepScan.Workflow;
using DeepScan.Workflow.Events;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;
using Xunit.Abstractions;

namespace DeepScan.Cli.Tests.Http;

/// <summary>
/// <c>deepscan serve</c> end to end on loopback: a real video uploaded over HTTP to Kestrel, stored in Azurite,
/// scanned by the real engine (ffmpeg, ONNX Runtime), announced by a CloudEvent and a signed webhook.
/// </summary>
public sealed class ServeEndToEndTests(AzuriteServeFixture fixture, ITestOutputHelper output)
    : IClassFixture<AzuriteServeFixture>
{
    private readonly ScanApi _api = fixture.Api;

    [Fact]
    public async Task AnUploadIsScannedAndReportedByStatusWebhookEventAndVerdictBlobAlike()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var secret = NewSecret();
        var video = TestVideos.RealClipBytes();
        var clock = Stopwatch.StartNew();

        var response = await _api.PostUploadAsync(video, "celebdf-id6_0005.mp4", Callback(receiver, secret));
        var accepted = response.Read<ScanAccepted>();
        var webhook = await Poll.UntilAsync(
            () => Task.FromResult(receiver.Received.FirstOrDefault()), "the signed webhook");
        var toWebhook = clock.Elapsed;
        var cloudEvent = await fixture.CompletedEventAsync(accepted.Id);
        var status = await _api.GetAsync(accepted.StatusUrl);

        Assert.Equal(HttpStatusCode.Accepted, response.Status);
        webhook.Verify(secret);
        Assert.Equal(status.Body, webhook.Text); // the webhook body is the status document
        var scan = status.Read<ScanStatusResponse>();
        Assert.Equal(ScanStatus.Completed, scan.Status);
        var verdict = scan.Verdict!;
        Assert.Contains(verdict.Verdict, new[] { VerdictState.Real, VerdictState.Fake });
        Assert.Equal(video.Length, verdict.Source.Bytes);
        Assert.Equal((24, 298, 298), (verdict.Source.FrameCount, verdict.Source.Width, verdict.Source.Height));
        Assert.Equal(verdict.Aggregation.ChunksPlanned, verdict.Aggregation.ChunksScored);

        var upload = fixture.Blobs.GetBlobContainerClient("uploads").GetBlobClient(verdict.Source.Name);
        Assert.Equal(video, (await upload.DownloadContentAsync()).Value.Content.ToArray());
        var verdictBlob = await fixture.Blobs.GetBlobContainerClient("verdicts")
            .GetBlobClient(accepted.Id + ".json").DownloadContentAsync();
        var stored = verdictBlob.Value.Content.ToObjectFromJson(DetectionJsonContext.Default.VerdictDocument)!;
        Assert.Equal(WorkflowJson.Serialize(verdict), WorkflowJson.Serialize(stored));

        Assert.Equal(ScanEventTypes.Completed, cloudEvent.GetProperty("type").GetString());
        Assert.Equal(verdict.Source.Name, cloudEvent.GetProperty("subject").GetString());
        var data = cloudEvent.GetProperty("data");
        Assert.Equal(upload.Uri.ToString(), data.GetProperty("blobUrl").GetString());
        Assert.EndsWith($"/verdicts/{accepted.Id}.json", data.GetProperty("verdictUrl").GetString());
        Assert.Equal(JsonNamingPolicy.KebabCaseLower.ConvertName(verdict.Verdict.ToString()),
            data.GetProperty("verdict").GetString());

        output.WriteLine(
            $"e2e scan of {Path.GetFileName(TestVideos.RealClip)} ({verdict.Aggregation.FramesSampled} frames, "
            + $"{verdict.Aggregation.ChunksPlanned} chunks): verdict {verdict.Verdict} "
            + $"p={verdict.FakeProbability:0.###}; "
            + $"decode {verdict.Timings.DecodeMs:0} ms, detect {verdict.Timings.DetectMs:0} ms, "
            + $"classify {verdict.Timings.ClassifyMs:0} ms, total {verdict.Timings.TotalMs:0} ms; "
            + $"POST to signed webhook {toWebhook.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task AnUploadTheWatcherAlsoSeesAndThatIsRequestedAgainIsScannedOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var lateReceiver = await WebhookReceiver.StartAsync();
        var response = await _api.PostUploadAsync(
            TestVideos.RealClipBytes(), "twice.mp4", Callback(receiver, NewSecret()));
        var scanId = response.Read<ScanAccepted>().Id;
        var record = await fixture.Host.DeliveriesRecordedAsync(scanId); // the run's last write

        var blobUrl = fixture.Blobs.GetBlobContainerClient("uploads").GetBlobClient(record.VideoName).Uri;
        var again = new List<ApiResponse>();
        foreach (var (field, value) in new[] { ("blobName", record.VideoName), ("blobUrl", blobUrl.ToString()) })
        {
            again.Add(await _api.PostJsonAsync(JsonSerializer.Serialize(new Dictionary<string, string>
            {
                [field] = value,
                ["callbackUrl"] = lateReceiver.HookUrl,
            })));
        }

        await Task.Delay(TimeSpan.FromSeconds(4)); // several watcher polls, time for any second run to show

        // The scan had finished: each request is answered with its result, and the late callback is not called.
        Assert.All(again, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.All(again, r => Assert.Equal(
            (scanId, ScanStatus.Completed), (r.Read<ScanStatusResponse>().Id, r.Read<ScanStatusResponse>().Status)));
        Assert.Single(receiver.Received);
        Assert.Empty(lateReceiver.Received);
        var after = (await fixture.Host.Scans.GetAsync(scanId, CancellationToken.None))!;
        Assert.Equal(record.UpdatedAt, after.UpdatedAt);
        Assert.Equal(1, await CountBlobsMentioningAsync("scans", record.VideoName));
        Assert.Equal(1, await CountBlobsMentioningAsync("verdicts", record.VideoName));
    }

    [Fact]
    public async Task ABlobDroppedIntoTheUploadsContainerIsScannedWithoutARequest()
    {
        var name = $"drops/{Guid.NewGuid():N}/clip.mp4";
        var uploads = fixture.Blobs.GetBlobContainerClient("uploads");
        await uploads.CreateIfNotExistsAsync();
        var uploaded = await uploads.GetBlobClient(name).UploadAsync(
            new BinaryData(TestVideos.RealClipBytes()),
            new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All } });
        var scanId = ScanIds.For(name, uploaded.Value.ETag.ToString());

        var finished = await _api.WaitUntilFinishedAsync(scanId);
        var cloudEvent = await fixture.CompletedEventAsync(scanId);

        Assert.Equal(ScanStatus.Completed, finished.Status);
        Assert.Equal(name, finished.Verdict!.Source.Name);
        Assert.Equal(name, cloudEvent.GetProperty("subject").GetString());
    }

    internal static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    internal static Dictionary<string, string> Callback(WebhookReceiver receiver, string secret) => new()
    {
        ["callbackUrl"] = receiver.HookUrl,
        ["callbackSecret"] = secret,
    };

    private async Task<int> CountBlobsMentioningAsync(string container, string text)
    {
        var client = fixture.Blobs.GetBlobContainerClient(container);
        var count = 0;
        await foreach (var blob in client.GetBlobsAsync())
        {
            var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
            count += content.Contains(JsonEncodedText.Encode(text).ToString(), StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }
}
