using DeepScan.Detection;
using DeepScan.Detection.Evidence;
using DeepScan.Workflow.Activities;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;
using DeepScan.Workflow.Tests.Replay;
using Microsoft.Extensions.Logging.Abstractions;
using OpenCvSharp;

namespace DeepScan.Workflow.Tests.Scans;

/// <summary>Evidence through the workflow under the replaying host: thumbnails go to the store, never to history.
/// </summary>
public sealed class ScanWorkflowEvidenceTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Each_chunk_keeps_its_thumbnails_in_the_store_and_the_sheet_is_drawn_after_the_verdict()
    {
        var harness = new ScanHarness();
        var input = await harness.CreateScanAsync(framesPerVideo: 12, framesPerChunk: 4);

        var run = await Run(harness, input);

        var calls = run.Record.Calls.Select(c => c.Name).ToList();
        Assert.Equal(
            calls.IndexOf(ScanActivityNames.WriteVerdict) + 1, calls.IndexOf(ScanActivityNames.RenderEvidence));
        Assert.All(run.Activities(ScanActivityNames.ScoreChunk), c => Assert.Contains(
            $"\"evidenceFor\":\"{input.ScanId}\"", c.Payload));
        // Thumbnails never enter history: no result carries an image.
        Assert.DoesNotContain(run.Record.History.Completed, c => c.Result?.Contains("\"png\"") == true);
        var chunks = await harness.Store.ReadChunkEvidenceAsync(input.ScanId, Ct);
        Assert.Equal([0, 1, 2], chunks.Select(c => c.ChunkIndex));
        Assert.All(chunks, c => Assert.Equal(4, c.Faces.Length));
        var verdict = (await harness.Store.ReadVerdictAsync(input.ScanId, Ct))!;
        var png = (await harness.Store.ReadEvidenceAsync(input.ScanId, Ct))!;
        using var sheet = Cv2.ImDecode(png, ImreadModes.Color);
        Assert.Equal(EvidenceSheet.SizeFor(12), (sheet.Width, sheet.Height));
        Assert.Equal(EvidenceSheet.SizeFor(verdict), (sheet.Width, sheet.Height));
    }

    [Fact]
    public async Task An_error_verdict_gets_a_sheet_that_says_so()
    {
        var harness = new ScanHarness { Engine = new ScriptedEngine { NotAVideo = true } };
        var input = await harness.CreateScanAsync(framesPerVideo: 8, framesPerChunk: 2, video: "notes.txt");

        var run = await Run(harness, input);

        Assert.Equal(VerdictState.Error, run.Result.Verdict);
        using var sheet = Cv2.ImDecode((await harness.Store.ReadEvidenceAsync(input.ScanId, Ct))!, ImreadModes.Color);
        Assert.Equal(EvidenceSheet.SizeFor(0), (sheet.Width, sheet.Height));
    }

    [Fact]
    public async Task A_scan_started_before_evidence_existed_replays_without_its_steps()
    {
        var harness = new ScanHarness();
        var input = await harness.CreateScanAsync(framesPerVideo: 8, framesPerChunk: 4);
        var old = input with { Settings = input.Settings with { Evidence = false } };

        var run = await Run(harness, old);

        Assert.Equal(ScanStatus.Completed, run.Result.Status);
        Assert.Empty(run.Activities(ScanActivityNames.RenderEvidence));
        Assert.All(run.Activities(ScanActivityNames.ScoreChunk), c => Assert.DoesNotContain("evidenceFor", c.Payload));
        Assert.Empty(await harness.Store.ReadChunkEvidenceAsync(input.ScanId, Ct));
        Assert.Null(await harness.Store.ReadEvidenceAsync(input.ScanId, Ct));
        // Settings written before the field existed read as evidence off.
        Assert.False(WorkflowJson.Deserialize<ScanSettings>(
            """{"framesPerVideo":8,"framesPerChunk":4,"aggregation":"mean","threshold":0.5,"webhookMaxAttempts":3}""")!
            .Evidence);
    }

    [Fact]
    public async Task A_sheet_that_cannot_be_stored_leaves_the_scan_completed_without_one()
    {
        var harness = new ScanHarness();
        harness.Store.SheetWriteFailures = int.MaxValue;
        var input = await harness.CreateScanAsync(framesPerVideo: 4, framesPerChunk: 2);

        var run = await Run(harness, input);

        Assert.Equal((ScanStatus.Completed, VerdictState.Real), (run.Result.Status, run.Result.Verdict));
        Assert.Equal(
            ScanRetryPolicies.Store.Retry!.MaxNumberOfAttempts,
            run.Activities(ScanActivityNames.RenderEvidence).Count());
        Assert.Null(await harness.Store.ReadEvidenceAsync(input.ScanId, Ct));
        Assert.Contains(harness.Logs.Entries, e => e.Message.Contains("no evidence sheet was rendered"));
    }

    [Fact]
    public async Task A_chunk_scored_again_with_other_faces_keeps_its_first_thumbnails()
    {
        var store = new InMemoryScanStore();
        var evidence = new ScanEvidenceActivities(store, NullLogger<ScanEvidenceActivities>.Instance);
        var id = StoreId();
        var first = new ChunkEvidence(0, [new EvidenceFace(0, 0, ScriptedEngine.Box, [1, 2, 3])]);

        await evidence.KeepChunkAsync(id, first, Ct);
        await evidence.KeepChunkAsync(id, first with { Faces = [] }, Ct);

        Assert.Single(Assert.Single(await store.ReadChunkEvidenceAsync(id, Ct)).Faces);
    }

    private static string StoreId() => ScanIds.For(Guid.NewGuid().ToString("N"), "v1");

    private static Task<ReplayRun<ScanWorkflowResult>> Run(ScanHarness harness, ScanWorkflowInput input) =>
        new DurableReplayHost(harness.Registry()) { CompletionsPerEpisode = 1 }
            .RunAsync<ScanWorkflowResult>(ScanWorkflow.Name, input.ScanId, input);
}
