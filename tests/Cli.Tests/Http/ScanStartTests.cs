using System.Net;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;

namespace DeepScan.Cli.Tests.Http;

/// <summary>Starting scans through <c>POST /api/scans</c>, JSON and multipart, on the filesystem store.</summary>
public sealed class ScanStartTests(ServeHostFixture fixture) : IClassFixture<ServeHostFixture>
{
    private readonly ScanApi _api = fixture.Api;

    [Fact]
    public async Task AJsonRequestForAnUploadAnswers202WithTheDeterministicIdAndTheScanCompletes()
    {
        var video = TestVideos.RealClipBytes();
        var name = $"json-{Guid.NewGuid():N}/clip.mp4";
        TestVideos.Drop(Path.Combine(fixture.Host.UploadsPath, name), video);

        var response = await _api.PostJsonAsync($$"""{"blobName":"{{name}}"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.Status);
        Assert.Equal("application/json", response.MediaType);
        var accepted = response.Read<ScanAccepted>();
        Assert.Equal(ScanIds.For(name, TestVideos.Sha256(video)), accepted.Id);
        Assert.Equal($"/api/scans/{accepted.Id}", accepted.StatusUrl);
        Assert.Equal(accepted.StatusUrl, response.Location?.OriginalString);

        var finished = await _api.WaitUntilFinishedAsync(accepted.Id);
        Assert.Equal(ScanStatus.Completed, finished.Status);
        Assert.Equal(name, finished.Verdict!.Source.Name);
        Assert.Equal(24, finished.Verdict.Source.FrameCount);
    }

    [Fact]
    public async Task ARequestForAScanThatHasFinishedIsAnsweredWithItsResult()
    {
        var name = $"again-{Guid.NewGuid():N}/clip.mp4";
        TestVideos.Drop(Path.Combine(fixture.Host.UploadsPath, name), TestVideos.RealClipBytes());
        var id = (await _api.PostJsonAsync($$"""{"blobName":"{{name}}"}""")).Read<ScanAccepted>().Id;
        await _api.WaitUntilFinishedAsync(id);

        var again = await _api.PostJsonAsync($$"""{"blobName":"{{name}}"}""");

        // 200 and the status document: the result is final, so no webhook would follow a 202.
        Assert.Equal(HttpStatusCode.OK, again.Status);
        var status = again.Read<ScanStatusResponse>();
        Assert.Equal((id, ScanStatus.Completed), (status.Id, status.Status));
        Assert.Equal(name, status.Verdict!.Source.Name);
        Assert.Equal((await _api.GetAsync(ScanRoutes.Status(id))).Body, again.Body);
    }

    [Fact]
    public async Task AMultipartUploadIsStoredUnderANameOfItsOwnSoTheSameFileTwiceIsTwoScans()
    {
        var video = TestVideos.RealClipBytes();

        var first = await _api.PostUploadAsync(video, "celebdf clip.mp4");
        var second = await _api.PostUploadAsync(video, "celebdf clip.mp4");

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        var ids = new[] { first.Read<ScanAccepted>().Id, second.Read<ScanAccepted>().Id };
        Assert.NotEqual(ids[0], ids[1]);
        foreach (var id in ids)
        {
            var record = await fixture.Host.Scans.GetAsync(id, CancellationToken.None);
            Assert.NotNull(record);
            Assert.Matches("^[0-9a-f]{32}/celebdf clip\\.mp4$", record.VideoName);
            Assert.Equal(TestVideos.Sha256(video), record.VideoVersion);
            Assert.Equal(id, ScanIds.For(record.VideoName, record.VideoVersion));
            Assert.Equal(video, await File.ReadAllBytesAsync(Path.Combine(fixture.Host.UploadsPath, record.VideoName)));
        }

        Assert.Equal(ScanStatus.Completed, (await _api.WaitUntilFinishedAsync(ids[0])).Status);
    }

    [Fact]
    public async Task AStatusIsAnsweredForAPendingOrRunningScanWithoutAVerdict()
    {
        var response = await _api.PostUploadAsync(TestVideos.RealClipBytes(), "early.mp4");
        var id = response.Read<ScanAccepted>().Id;

        var status = await _api.GetAsync(ScanRoutes.Status(id));

        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Equal("application/json", status.MediaType);
        var body = status.Read<ScanStatusResponse>();
        Assert.Equal(id, body.Id);
        Assert.True(body.Status is ScanStatus.Completed || body.Verdict is null, status.Body);
        Assert.Matches("\"status\":\"(pending|running|completed)\"", status.Body);
    }
}
