using DeepScan.Detection;
using DeepScan.Workflow.Activities;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace DeepScan.Functions.Activities;

/// <summary>
/// One Durable activity per workflow step, each calling the activity method the in-process host calls for the same
/// name (the table in <see cref="ScanTasks"/>).
/// </summary>
public sealed class ScanActivityFunctions(
    ScanRecordActivities records,
    ScanEngineActivities engine,
    ScanEvidenceActivities evidence,
    ScanNotificationActivities notifications)
{
    [Function(ScanActivityNames.MarkRunning)]
    public Task<RunningScan> MarkRunning([ActivityTrigger] string scanId, CancellationToken cancellationToken) =>
        records.MarkRunningAsync(scanId, cancellationToken);

    [Function(ScanActivityNames.PlanScan)]
    public Task<ScanPlan> PlanScan([ActivityTrigger] PlanScanInput input, CancellationToken cancellationToken) =>
        engine.PlanScanAsync(input, cancellationToken);

    [Function(ScanActivityNames.ScoreChunk)]
    public Task<ChunkScores> ScoreChunk([ActivityTrigger] ScoreChunkInput input, CancellationToken cancellationToken) =>
        engine.ScoreChunkAsync(input, cancellationToken);

    [Function(ScanActivityNames.WriteVerdict)]
    public Task<string> WriteVerdict([ActivityTrigger] WriteVerdictInput input, CancellationToken cancellationToken) =>
        records.WriteVerdictAsync(input, cancellationToken);

    [Function(ScanActivityNames.RenderEvidence)]
    public Task RenderEvidence([ActivityTrigger] string scanId, CancellationToken cancellationToken) =>
        evidence.RenderEvidenceAsync(scanId, cancellationToken);

    [Function(ScanActivityNames.FinishScan)]
    public Task<FinishedScan> FinishScan(
        [ActivityTrigger] FinishScanInput input, CancellationToken cancellationToken) =>
        records.FinishScanAsync(input, cancellationToken);

    [Function(ScanActivityNames.PublishEvent)]
    public Task PublishEvent([ActivityTrigger] ScanCompletedEvent scanEvent, CancellationToken cancellationToken) =>
        notifications.PublishEventAsync(scanEvent, cancellationToken);

    [Function(ScanActivityNames.DeliverWebhook)]
    public Task<WebhookAttempt> DeliverWebhook(
        [ActivityTrigger] DeliverWebhookInput input, CancellationToken cancellationToken) =>
        notifications.DeliverWebhookAsync(input, cancellationToken);

    [Function(ScanActivityNames.RecordDeliveries)]
    public Task RecordDeliveries([ActivityTrigger] RecordDeliveriesInput input, CancellationToken cancellationToken) =>
        records.RecordDeliveriesAsync(input, cancellationToken);
}
