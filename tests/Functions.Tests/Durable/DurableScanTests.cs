using System.Diagnostics;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;
using Microsoft.DurableTask.Client;

namespace DeepScan.Functions.Tests.Durable;

/// <summary>
/// The orchestrator and activity functions on the real Durable Task engine, with the engine scripted (it fails chunks
/// on cue) and everything else real: the filesystem store, the webhook sender, the app's serializer.
/// </summary>
/// <remarks>
/// The test host's timers wait in real time, so these scans spend the workflow's own retry delays (5 s and 10 s
/// before a chunk's second and third attempts, 5 s before a webhook's second): about 20 s in all, which is why
/// retries, the partial verdict and the webhook backoff share one scan.
/// <para>Not covered here: replay after a restart of the host. The test host's in-memory backend lives inside the
/// host and is lost with it, so a restarted host has no history to replay; <c>Workflow.Tests/Replay</c> replays
/// recorded histories for that. Within a run, Durable Task replays the orchestrator after every completed task, which
/// <see cref="DurableEndToEndTests"/> checks repeats no side effect.</para>
/// </remarks>
public sealed class DurableScanTests
{
    [Fact]
    public async Task Retries_partial_verdicts_and_webhook_backoff_follow_the_workflow_policies()
    {
        // Chunk 0 fails twice then scores; chunk 1 never scores; the webhook is refused once.
        var engine = new ScriptedEngine { FailingAttempts = new() { [0] = 2, [1] = int.MaxValue } };
        await using var receiver = await WebhookReceiver.StartAsync(n => n == 1 ? 503 : 200);
        await using var host = await DurableFunctionsHost.StartAsync(engine: engine);
        var video = await host.UploadAsync("clip.mp4", new MemoryStream([1, 2, 3]));

        var clock = Stopwatch.StartNew();
        var (result, _) = await host.ScanAsync(
            video, TimeSpan.FromMinutes(2), new WebhookRegistration(receiver.HookUrl, null));

        Assert.Equal(ScanStatus.Completed, result.Status);
        Assert.Equal((2, 1), (result.ChunksPlanned, result.ChunksScored));
        Assert.Equal((3, 3), (engine.AttemptsOf(0), engine.AttemptsOf(1)));
        var verdict = (await host.Scans.ReadVerdictAsync(result.ScanId, CancellationToken.None))!;
        Assert.Contains("Chunk 1 could not be scored", string.Join(" ", verdict.Warnings ?? []));
        var webhook = Assert.Single(result.Webhooks);
        Assert.Equal((true, 2, 200), (webhook.Delivered, webhook.Attempts, webhook.LastStatusCode));
        Assert.Equal(2, receiver.Received.Count);
        // 5 s + 10 s of chunk retries, then 5 s of webhook backoff, each on a durable timer.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task A_plan_of_more_than_100_chunks_is_scored_in_ScanChunkBatch_sub_orchestrations()
    {
        var engine = new ScriptedEngine();
        await using var host = await DurableFunctionsHost.StartAsync(
            new Dictionary<string, string?> { ["Scan:FramesPerVideo"] = "250", ["Scan:FramesPerChunk"] = "1" },
            engine);
        var video = await host.UploadAsync("long.mp4", new MemoryStream([1, 2, 3]));

        var (result, _) = await host.ScanAsync(video, TimeSpan.FromMinutes(2));

        Assert.Equal((250, 250), (result.ChunksPlanned, result.ChunksScored));
        foreach (var (batch, chunks) in new[] { (0, 100), (1, 100), (2, 50) })
        {
            var child = await host.Client.GetInstanceAsync($"{result.ScanId}-chunks-{batch}", true);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
            Assert.Equal(ScanChunkBatchWorkflow.Name, child.Name);
            Assert.Equal(chunks, child.ReadOutputAs<ChunkBatchResult>()!.Scored.Length);
        }

        Assert.Null(await host.Client.GetInstanceAsync($"{result.ScanId}-chunks-3"));
    }
}
