using DeepScan.Detection;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;
using DeepScan.Workflow.Tests.Replay;

namespace DeepScan.Workflow.Tests.Scans;

/// <summary>The scan workflow under a host that replays it the way Durable Functions does.</summary>
public sealed class ScanWorkflowReplayTests
{
    private readonly ScanHarness harness = new();

    [Fact]
    public async Task Scores_every_chunk_and_replays_to_the_same_calls_after_every_outcome()
    {
        var input = await harness.CreateScanAsync(framesPerVideo: 20, framesPerChunk: 2);

        var run = await Run(Host(completionsPerEpisode: 1), input);

        Assert.Equal(ScanStatus.Completed, run.Result.Status);
        Assert.Equal(VerdictState.Real, run.Result.Verdict);
        Assert.Equal((10, 10), (run.Result.ChunksPlanned, run.Result.ChunksScored));
        string[] expected =
        [
            ScanActivityNames.MarkRunning, ScanActivityNames.PlanScan,
            .. Enumerable.Repeat(ScanActivityNames.ScoreChunk, 10),
            ScanActivityNames.WriteVerdict, ScanActivityNames.RenderEvidence, ScanActivityNames.FinishScan,
            ScanActivityNames.PublishEvent,
        ];
        Assert.Equal(expected, run.Record.Calls.Select(c => c.Name));
        Assert.True(run.Record.Episodes > 15, $"only {run.Record.Episodes} episodes");
        var record = await harness.RecordAsync(input.ScanId);
        Assert.Equal((ScanStatus.Completed, run.Result.VerdictUrl), (record.Status, record.VerdictUrl));
        Assert.Single(harness.Events.Published);
    }

    [Fact]
    public async Task History_holds_blob_names_and_indices_never_resolved_video_urls()
    {
        var input = await harness.CreateScanAsync(framesPerVideo: 8, framesPerChunk: 2);

        var run = await Run(Host(), input);

        var payloads = run.Record.History.Scheduled.Select(s => s.Payload ?? "")
            .Concat(run.Record.History.Completed.Select(c => c.Result ?? ""));
        Assert.DoesNotContain(payloads, p => p.Contains(InMemoryVideoStore.SasMarker));
        Assert.Contains(
            run.Activities(ScanActivityNames.ScoreChunk), c => c.Payload!.Contains("\"videoName\":\"clip.mp4\""));
    }

    [Fact]
    public async Task Logs_each_line_once_however_often_it_replays()
    {
        var once = new ScanHarness();
        var input = await once.CreateScanAsync(framesPerVideo: 12, framesPerChunk: 2);
        await Run(new DurableReplayHost(once.Registry()), input);
        var replayed = await harness.CreateScanAsync(framesPerVideo: 12, framesPerChunk: 2);

        await Run(Host(completionsPerEpisode: 1), replayed);

        Assert.Equal(once.Logs.Entries.Count, harness.Logs.Entries.Count);
        Assert.Single(harness.Logs.Entries, entry => entry.Message.Contains("chunks to score"));
    }

    [Fact]
    public async Task Gives_the_same_verdict_whatever_order_chunks_finish_in()
    {
        ScanHarness Varied() => new() { Engine = new ScriptedEngine { Probability = i => 0.1f + 0.08f * i } };
        var forward = Varied();
        var backward = Varied();
        var first = await forward.CreateScanAsync(framesPerVideo: 20, framesPerChunk: 2);
        var second = await backward.CreateScanAsync(framesPerVideo: 20, framesPerChunk: 2);

        await Run(new DurableReplayHost(forward.Registry()), first);
        await Run(
            new DurableReplayHost(backward.Registry()) { Order = CompletionOrder.Reversed, CompletionsPerEpisode = 3 },
            second);

        var a = (await forward.Store.ReadVerdictAsync(first.ScanId, CancellationToken.None))!;
        var b = (await backward.Store.ReadVerdictAsync(second.ScanId, CancellationToken.None))!;
        Assert.Equal(WorkflowJson.Serialize(a.Frames), WorkflowJson.Serialize(b.Frames));
        Assert.Equal(WorkflowJson.Serialize(a.Models), WorkflowJson.Serialize(b.Models));
        Assert.Equal(a.FakeProbability, b.FakeProbability);
    }

    [Fact]
    public async Task Retries_a_failing_chunk_on_durable_timers_with_the_policy_backoff()
    {
        var flaky = new ScanHarness { Engine = new ScriptedEngine { FailingAttempts = { [0] = 2 } } };
        var input = await flaky.CreateScanAsync(framesPerVideo: 2, framesPerChunk: 2);

        var run = await Run(new DurableReplayHost(flaky.Registry()), input);

        Assert.Equal((1, 1), (run.Result.ChunksPlanned, run.Result.ChunksScored));
        Assert.Equal(3, flaky.Engine.AttemptsOf(0));
        var failures = run.Record.History.Completed.Where(c => c.Failed).ToList();
        var timers = run.Timers.ToList();
        var policy = ScanRetryPolicies.ScoreChunk.Retry!;
        Assert.Equal(
            [policy.FirstRetryInterval, policy.FirstRetryInterval * policy.BackoffCoefficient],
            timers.Zip(failures, (timer, failure) => timer.FireAt!.Value - failure.Timestamp));
    }

    [Fact]
    public async Task A_chunk_that_keeps_failing_gives_a_partial_verdict()
    {
        var broken = new ScanHarness { Engine = new ScriptedEngine { FailingAttempts = { [4] = int.MaxValue } } };
        var input = await broken.CreateScanAsync(framesPerVideo: 20, framesPerChunk: 2);

        var run = await Run(new DurableReplayHost(broken.Registry()), input);

        Assert.Equal((ScanStatus.Completed, VerdictState.Real), (run.Result.Status, run.Result.Verdict));
        Assert.Equal((10, 9), (run.Result.ChunksPlanned, run.Result.ChunksScored));
        Assert.Equal(ScanRetryPolicies.ScoreChunk.Retry!.MaxNumberOfAttempts, broken.Engine.AttemptsOf(4));
        var verdict = (await broken.Store.ReadVerdictAsync(input.ScanId, CancellationToken.None))!;
        Assert.Equal(
            [
                "Partial verdict: 9 of 10 chunks were scored.",
                "Chunk 4 could not be scored: Decoding chunk 4 failed (attempt 3).",
            ],
            verdict.Warnings!);
    }

    [Fact]
    public async Task A_chunk_its_video_gives_no_frame_is_not_retried()
    {
        var truncated = new ScanHarness { Engine = new ScriptedEngine { Truncated = [4] } };
        var input = await truncated.CreateScanAsync(framesPerVideo: 20, framesPerChunk: 2);

        var run = await Run(new DurableReplayHost(truncated.Registry()), input);

        Assert.Equal((10, 9), (run.Result.ChunksPlanned, run.Result.ChunksScored));
        Assert.Equal(1, truncated.Engine.AttemptsOf(4)); // a retry decodes the same file: no frame again
        Assert.Equal(3, ScanRetryPolicies.ScoreChunk.Retry!.MaxNumberOfAttempts);
    }

    [Fact]
    public async Task No_chunk_scored_gives_an_error_verdict_and_a_failed_scan()
    {
        var broken = new ScanHarness
        {
            Engine = new ScriptedEngine
            {
                FailingAttempts = Enumerable.Range(0, 3).ToDictionary(i => i, _ => int.MaxValue),
            },
        };
        var input = await broken.CreateScanAsync(framesPerVideo: 6, framesPerChunk: 2);

        var run = await Run(new DurableReplayHost(broken.Registry()), input);

        Assert.Equal((ScanStatus.Failed, VerdictState.Error), (run.Result.Status, run.Result.Verdict));
        Assert.StartsWith("No chunk could be scored: Chunk 0 could not be scored", run.Result.Error);
        Assert.Equal(ScanStatus.Failed, (await broken.RecordAsync(input.ScanId)).Status);
        Assert.Contains(broken.Store.Failures, f => f.ScanId == input.ScanId);
    }

    [Fact]
    public async Task An_upload_that_is_not_a_video_gives_an_error_verdict_without_scoring()
    {
        var notVideo = new ScanHarness { Engine = new ScriptedEngine { NotAVideo = true } };
        var input = await notVideo.CreateScanAsync(framesPerVideo: 8, framesPerChunk: 2, video: "notes.txt");

        var run = await Run(new DurableReplayHost(notVideo.Registry()), input);

        Assert.Equal((ScanStatus.Failed, VerdictState.Error), (run.Result.Status, run.Result.Verdict));
        Assert.Equal("'notes.txt' is not a video: no video stream was found.", run.Result.Error);
        Assert.Empty(run.Activities(ScanActivityNames.ScoreChunk));
        Assert.Single(run.Activities(ScanActivityNames.PlanScan));
        var verdict = (await notVideo.Store.ReadVerdictAsync(input.ScanId, CancellationToken.None))!;
        Assert.Equal(("notes.txt", 1_000_000L), (verdict.Source.Name, verdict.Source.Bytes!.Value));
    }

    [Fact]
    public async Task A_missing_upload_gives_an_error_verdict()
    {
        var input = await harness.CreateScanAsync(framesPerVideo: 8, framesPerChunk: 2, video: "missing.mp4");

        var run = await Run(Host(), input);

        Assert.Equal(VerdictState.Error, run.Result.Verdict);
        Assert.Equal("No uploaded video is named 'missing.mp4'.", run.Result.Error);
    }

    [Fact]
    public async Task More_chunks_than_one_history_holds_go_through_sub_orchestrations()
    {
        var big = new ScanHarness
        {
            Engine = new ScriptedEngine
            {
                Info = new VideoInfo(100, 30, 3000, 640, 480, 0, "h264"),
                FailingAttempts = { [150] = int.MaxValue },
            },
        };
        var input = await big.CreateScanAsync(framesPerVideo: 250, framesPerChunk: 1);

        var run = await Run(new DurableReplayHost(big.Registry()), input);

        Assert.Equal((250, 249), (run.Result.ChunksPlanned, run.Result.ChunksScored));
        Assert.Empty(run.Activities(ScanActivityNames.ScoreChunk));
        Assert.Equal(
            [$"{input.ScanId}-chunks-0", $"{input.ScanId}-chunks-1", $"{input.ScanId}-chunks-2"],
            run.Record.Children.Select(c => c.History.InstanceId));
        Assert.Equal(
            [100, 100, 50],
            run.Record.Children.Select(c => c.History.Scheduled
                .Where(s => s.Kind == ScheduledKind.Activity).Select(s => s.Payload).Distinct().Count()));
        Assert.All(run.Record.Children, child => Assert.Equal(
            ScanChunkBatchWorkflow.Name, child.History.OrchestratorName));
    }

    [Fact]
    public async Task A_store_that_stays_down_marks_the_scan_failed_instead_of_crashing()
    {
        harness.Store.VerdictWriteFailures = int.MaxValue;
        var input = await harness.CreateScanAsync(framesPerVideo: 4, framesPerChunk: 2);

        var run = await Run(Host(), input);

        Assert.Equal((ScanStatus.Failed, (VerdictState?)null), (run.Result.Status, run.Result.Verdict));
        Assert.Equal(
            "The scan could not be completed: WriteVerdict failed: The verdict container is unavailable.",
            run.Result.Error);
        Assert.Equal(ScanStatus.Failed, (await harness.RecordAsync(input.ScanId)).Status);
        Assert.Empty(harness.Events.Published);
    }

    [Fact]
    public async Task An_event_that_cannot_be_published_does_not_fail_the_scan()
    {
        var noEvents = new ScanHarness { Events = new RecordingEventPublisher { Fail = true } };
        var input = await noEvents.CreateScanAsync(framesPerVideo: 4, framesPerChunk: 2);

        var run = await Run(new DurableReplayHost(noEvents.Registry()), input);

        Assert.Equal(ScanStatus.Completed, run.Result.Status);
        Assert.Equal(3, run.Activities(ScanActivityNames.PublishEvent).Count());
    }

    private static Task<ReplayRun<ScanWorkflowResult>> Run(DurableReplayHost host, ScanWorkflowInput input) =>
        host.RunAsync<ScanWorkflowResult>(ScanWorkflow.Name, input.ScanId, input);

    private DurableReplayHost Host(int completionsPerEpisode = int.MaxValue) =>
        new(harness.Registry()) { CompletionsPerEpisode = completionsPerEpisode };
}
