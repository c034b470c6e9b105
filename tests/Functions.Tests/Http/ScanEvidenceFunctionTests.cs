using DeepScan.Detection.Tests.Evidence;
using DeepScan.Functions.Http;
using DeepScan.Functions.Tests.Durable;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;
using DeepScan.Workflow.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using static DeepScan.Functions.Tests.Http.FunctionHttp;

namespace DeepScan.Functions.Tests.Http;

/// <summary><c>GET /api/scans/{id}/evidence</c> on the Functions app, with the evidence in Azurite blobs.</summary>
public sealed class ScanEvidenceFunctionTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Evidence_is_404_for_an_unknown_scan_409_until_it_finishes_then_the_sheet_as_a_png()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var host = await DurableFunctionsHost.StartAsync(
            new Dictionary<string, string?> { ["Storage:ConnectionString"] = azurite.ConnectionString },
            new ScriptedEngine());
        var functions = ActivatorUtilities.CreateInstance<ScanHttpFunctions>(host.Services);

        var unknown = AssertProblem(await GetEvidenceAsync(functions, ScanIds.For("nope.mp4", "v1")), 404);
        Assert.Equal(ScanRoutes.Evidence(ScanIds.For("nope.mp4", "v1")), unknown.Instance);
        AssertProblem(await GetEvidenceAsync(functions, "../etc/passwd"), 404);
        var pending = await CreateRecordAsync(host, ScanStatus.Pending);
        var notYet = AssertProblem(await GetEvidenceAsync(functions, pending.Id), 409);
        Assert.Equal("urn:deepscan:problem:scan-not-finished", notYet.Type);

        var video = await host.UploadAsync("clip.mp4", new MemoryStream([1, 2, 3]));
        var (result, _) = await host.ScanAsync(video, TimeSpan.FromMinutes(1));
        var answer = await GetEvidenceAsync(functions, result.ScanId);

        Assert.Equal(200, answer.Status);
        Assert.Equal(ScanEvidenceResponse.ContentType, answer.Headers.ContentType.ToString());
        var verdict = (await host.Scans.ReadVerdictAsync(result.ScanId, Ct))!;
        Assert.Equal(8, verdict.Frames.Length);
        EvidenceSheetAssert.IsSheetOf(answer.Bytes, verdict);
        // Each ScoreChunk activity kept its own chunk's thumbnails in the store.
        Assert.Equal([0, 1], (await host.Scans.ReadChunkEvidenceAsync(result.ScanId, Ct)).Select(c => c.ChunkIndex));
    }

    [Fact]
    public async Task A_scan_that_failed_before_its_verdict_has_no_evidence_and_says_why()
    {
        await using var host = await DurableFunctionsHost.StartAsync(engine: new ScriptedEngine());
        var functions = ActivatorUtilities.CreateInstance<ScanHttpFunctions>(host.Services);
        var failed = await CreateRecordAsync(host, ScanStatus.Failed, "WriteVerdict failed: the store is down.");

        var problem = AssertProblem(await GetEvidenceAsync(functions, failed.Id), 404);

        Assert.Equal("urn:deepscan:problem:no-evidence", problem.Type);
        Assert.Contains("failed before it had a verdict", problem.Detail);
        Assert.Contains("WriteVerdict failed: the store is down.", problem.Detail);
    }

    private static async Task<FunctionAnswer> GetEvidenceAsync(ScanHttpFunctions functions, string id) =>
        await ExecuteAsync(await functions.GetEvidence(Get(), id, Ct));

    private static async Task<ScanRecord> CreateRecordAsync(
        DurableFunctionsHost host, ScanStatus status, string? error = null)
    {
        var now = DateTimeOffset.UtcNow;
        var name = $"{Guid.NewGuid():N}/clip.mp4";
        var record = new ScanRecord(ScanIds.For(name, "v1"), name, "v1", status, now, now, [], Error: error);
        Assert.True(await host.Scans.TryCreateAsync(record, Ct));
        return record;
    }
}
