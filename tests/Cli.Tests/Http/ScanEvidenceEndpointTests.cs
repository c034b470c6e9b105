using System.Net;
using DeepScan.Detection.Tests.Evidence;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;

namespace DeepScan.Cli.Tests.Http;

/// <summary><c>GET /api/scans/{id}/evidence</c> on <c>deepscan serve</c>, with the real engine and the filesystem
/// store.</summary>
public sealed class ScanEvidenceEndpointTests(ServeHostFixture fixture) : IClassFixture<ServeHostFixture>
{
    private readonly ScanApi _api = fixture.Api;

    [Fact]
    public async Task AFinishedScansEvidenceIsAPngShowingEveryScoredFace()
    {
        var id = (await _api.PostUploadAsync(TestVideos.RealClipBytes(), "evidence.mp4")).Read<ScanAccepted>().Id;
        var finished = await _api.WaitUntilFinishedAsync(id);

        var response = await _api.GetAsync(ScanRoutes.Evidence(id));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(ScanEvidenceResponse.ContentType, response.MediaType);
        Assert.True(finished.Verdict!.Frames.Sum(f => f.Faces.Length) > 0, "the clip has a face in every frame");
        EvidenceSheetAssert.IsSheetOf(response.Bytes, finished.Verdict);
        // The same sheet the store keeps beside the verdict: what the Functions app serves from its blob.
        Assert.Equal(await fixture.Host.Scans.ReadEvidenceAsync(id, CancellationToken.None), response.Bytes);
    }

    [Fact]
    public async Task AnUnknownScanIs404AndAnUnfinishedOne409AsProblems()
    {
        var unknown = ScanIds.For("nope.mp4", "v1");
        var now = DateTimeOffset.UtcNow;
        var name = $"{Guid.NewGuid():N}/running.mp4";
        var running = new ScanRecord(ScanIds.For(name, "v1"), name, "v1", ScanStatus.Running, now, now, []);
        await fixture.Host.Scans.TryCreateAsync(running, CancellationToken.None);

        var notFound = await _api.GetAsync(ScanRoutes.Evidence(unknown));
        var notFinished = await _api.GetAsync(ScanRoutes.Evidence(running.Id));

        Assert.Equal((HttpStatusCode.NotFound, ProblemDocument.ContentType), (notFound.Status, notFound.MediaType));
        Assert.Equal(ScanRoutes.Evidence(unknown), notFound.Read<ProblemDocument>().Instance);
        Assert.Equal((HttpStatusCode.Conflict, ProblemDocument.ContentType), (notFinished.Status, notFinished.MediaType));
        var problem = notFinished.Read<ProblemDocument>();
        Assert.Equal("urn:deepscan:problem:scan-not-finished", problem.Type);
        Assert.Contains("is running", problem.Detail);
    }
}
