using DeepScan.Detection;
using DeepScan.Detection.Scoring;
using DeepScan.Workflow.Activities;
using DeepScan.Workflow.Orchestration;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Logging;

namespace DeepScan.Workflow.Scans;

/// <summary>
/// One scan: mark it running → plan → score every chunk (fan-out, fan-in) → assemble the verdict → write it →
/// render the evidence sheet → mark the scan completed or failed → publish the completion event → deliver the
/// webhooks → record them.
/// </summary>
/// <remarks>
/// <para>
/// Replay rules. Durable Functions re-runs this method from the top every time the scan resumes, handing the
/// recorded result to each call in the same order, so the method must take the same path every time. It reads the
/// time only from <see cref="IScanContext.CurrentUtcDateTime"/>; creates no GUIDs or random numbers (child ids
/// derive from <see cref="IScanContext.InstanceId"/>); reads no environment, configuration, clock, file or network
/// (everything arrives in its input or an activity's result); awaits nothing but tasks the context hands out,
/// combined only with <see cref="Task.WhenAll(IEnumerable{Task})"/> (no <c>Task.Delay</c>, <c>Task.Run</c>,
/// <c>ConfigureAwait(false)</c> or I/O); and logs only through the replay-safe logger.
/// </para>
/// <para>
/// History budget. Every input and result is stored in the orchestration history, so payloads are blob names,
/// frame indices and compact scores, never videos, SAS URLs, secrets or images: each ScoreChunk keeps its chunk's
/// face thumbnails in the scan store, and RenderEvidence draws the sheet from there. One orchestration scores at most
/// <see cref="MaxChunksPerOrchestration"/> chunks itself; a longer plan is split into
/// <see cref="ScanChunkBatchWorkflow"/> sub-orchestrations of that size, each with its own history.
/// </para>
/// <para>
/// Failures. A chunk that fails after its retries is recorded and the verdict says it is partial; no chunk scored,
/// an unusable upload or a plan that cannot be made give an <see cref="VerdictState.Error"/> verdict and a failed
/// scan; a webhook that never succeeds is recorded on the scan. Only a store that stays down ends the scan without a
/// verdict: the workflow then marks the scan failed, and if even that write fails the orchestration itself fails.
/// An evidence sheet that cannot be rendered is logged and the scan completes without one.
/// </para>
/// </remarks>
public sealed class ScanWorkflow(ILogger<ScanWorkflow> logger)
{
    public const string Name = "ScanWorkflow";

    /// <summary>The most ScoreChunk activities one orchestration history holds.</summary>
    public const int MaxChunksPerOrchestration = 100;

    public async Task<ScanWorkflowResult> RunAsync(IScanContext context, ScanWorkflowInput input)
    {
        var log = context.CreateReplaySafeLogger(logger);
        var startedAt = context.CurrentUtcDateTime;
        RunningScan scan;
        VerdictDocument verdict;
        string verdictUrl;
        ScanStatus status;
        FinishedScan? finished;
        try
        {
            scan = await context.CallActivityAsync<RunningScan>(
                ScanActivityNames.MarkRunning, input.ScanId, ScanRetryPolicies.Store);
            verdict = await ProduceVerdictAsync(context, input, scan.VideoName, startedAt, log);
            verdictUrl = await context.CallActivityAsync<string>(
                ScanActivityNames.WriteVerdict, new WriteVerdictInput(input.ScanId, verdict), ScanRetryPolicies.Store);
            if (input.Settings.Evidence)
            {
                await RenderEvidenceAsync(context, input.ScanId, log);
            }

            status = verdict.Verdict == VerdictState.Error ? ScanStatus.Failed : ScanStatus.Completed;
            finished = await context.CallActivityAsync<FinishedScan?>(
                ScanActivityNames.FinishScan,
                new FinishScanInput(input.ScanId, status, verdictUrl, verdict.Error),
                ScanRetryPolicies.Store);
        }
        catch (ScanTaskFailedException ex)
        {
            var error = $"The scan could not be completed: {ex.Message}";
            log.LogError("Scan {ScanId} failed: {Error}", input.ScanId, error);
            await context.CallActivityAsync(
                ScanActivityNames.FinishScan,
                new FinishScanInput(input.ScanId, ScanStatus.Failed, null, error),
                ScanRetryPolicies.Store);
            return new ScanWorkflowResult(input.ScanId, ScanStatus.Failed, null, null, null, 0, 0, [], error);
        }

        log.LogInformation(
            "Scan {ScanId} {Status}: {Verdict} {Probability}",
            input.ScanId, status, verdict.Verdict, verdict.FakeProbability);
        await PublishAsync(context, ScanCompleted(context, input.ScanId, scan, status, verdict, verdictUrl), log);
        // Webhooks added while the scan ran count too; a history from before FinishScan said so has none.
        var webhooks = await WebhookDeliveries.DeliverAllAsync(
            context, input.ScanId, finished?.WebhookCount ?? scan.WebhookCount, input.Settings.WebhookMaxAttempts, log);
        return new ScanWorkflowResult(
            input.ScanId,
            status,
            verdict.Verdict,
            verdict.FakeProbability,
            verdictUrl,
            verdict.Aggregation.ChunksPlanned,
            verdict.Aggregation.ChunksScored,
            webhooks,
            verdict.Error);
    }

    private static async Task<VerdictDocument> ProduceVerdictAsync(
        IScanContext context, ScanWorkflowInput input, string videoName, DateTime startedAt, ILogger log)
    {
        var settings = input.Settings;
        ScanPlan plan;
        try
        {
            plan = await context.CallActivityAsync<ScanPlan>(
                ScanActivityNames.PlanScan,
                new PlanScanInput(
                    videoName,
                    settings.FramesPerVideo,
                    settings.FramesPerChunk,
                    settings.FramesPerSecond,
                    settings.MaxFrames),
                ScanRetryPolicies.Plan);
        }
        catch (ScanTaskFailedException ex)
        {
            return VerdictAssembler.Failed(
                ScanSources.Unknown(videoName),
                $"The video could not be read: {ex.ErrorMessage}",
                ElapsedMs(context, startedAt));
        }

        if (plan.Rejection is not null || plan.Info is null)
        {
            return VerdictAssembler.Failed(
                plan.Source, plan.Rejection ?? "The video could not be planned.", ElapsedMs(context, startedAt));
        }

        log.LogInformation("Scan of {Video}: {Chunks} chunks to score", videoName, plan.Chunks.Length);
        var scored = await ScoreAsync(
            context,
            new ChunkBatchInput(videoName, plan.Info, plan.Chunks, settings.Evidence ? input.ScanId : null));
        var assembler = new VerdictAssembler(VideoAggregator.FromName(settings.Aggregation), settings.Threshold);
        return assembler.Assemble(new VerdictInputs(
            plan.Source,
            scored.Scored.OrderBy(s => s.ChunkIndex).ToArray(),
            plan.Chunks.Length,
            plan.Chunks.Sum(c => c.FrameIndices.Length),
            scored.Failures.OrderBy(f => f.ChunkIndex)
                .Select(f => $"Chunk {f.ChunkIndex} could not be scored: {f.Error}")
                .ToArray(),
            ElapsedMs(context, startedAt)));
    }

    private static async Task<ChunkBatchResult> ScoreAsync(IScanContext context, ChunkBatchInput all)
    {
        if (all.Chunks.Length <= MaxChunksPerOrchestration)
        {
            return await ChunkFanOut.ScoreAsync(context, all);
        }

        var batches = await Task.WhenAll(all.Chunks
            .Chunk(MaxChunksPerOrchestration)
            .Select((chunks, n) => ScoreBatchAsync(context, all with { Chunks = chunks }, n)));
        return new ChunkBatchResult(
            batches.SelectMany(b => b.Scored).ToArray(),
            batches.SelectMany(b => b.Failures).ToArray());
    }

    private static async Task<ChunkBatchResult> ScoreBatchAsync(IScanContext context, ChunkBatchInput batch, int n)
    {
        try
        {
            return await context.CallSubOrchestratorAsync<ChunkBatchResult>(
                ScanChunkBatchWorkflow.Name, $"{context.InstanceId}-chunks-{n}", batch);
        }
        catch (ScanTaskFailedException ex)
        {
            return new ChunkBatchResult(
                [], batch.Chunks.Select(c => new ChunkFailure(c.Index, ex.ErrorMessage)).ToArray());
        }
    }

    /// <summary>The sheet is a view of the verdict for people: when it cannot be made, the scan still completes and
    /// the evidence endpoint says there is none.</summary>
    private static async Task RenderEvidenceAsync(IScanContext context, string scanId, ILogger log)
    {
        try
        {
            await context.CallActivityAsync(ScanActivityNames.RenderEvidence, scanId, ScanRetryPolicies.Store);
        }
        catch (ScanTaskFailedException ex)
        {
            log.LogWarning("Scan {ScanId}: no evidence sheet was rendered: {Error}", scanId, ex.ErrorMessage);
        }
    }

    private static async Task PublishAsync(IScanContext context, ScanCompletedEvent completed, ILogger log)
    {
        try
        {
            await context.CallActivityAsync(ScanActivityNames.PublishEvent, completed, ScanRetryPolicies.PublishEvent);
        }
        catch (ScanTaskFailedException ex)
        {
            // Subscribers miss one event; the verdict, status and webhooks are unaffected.
            log.LogWarning(
                "Scan {ScanId}: the completion event was not published: {Error}", completed.ScanId, ex.ErrorMessage);
        }
    }

    private static ScanCompletedEvent ScanCompleted(
        IScanContext context,
        string scanId,
        RunningScan scan,
        ScanStatus status,
        VerdictDocument verdict,
        string url) =>
        new(scanId, status, verdict.Verdict, verdict.FakeProbability, scan.VideoName, url, context.CurrentUtcDateTime);

    private static double ElapsedMs(IScanContext context, DateTime startedAt) =>
        (context.CurrentUtcDateTime - startedAt).TotalMilliseconds;
}
