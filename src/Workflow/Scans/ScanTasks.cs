using DeepScan.Workflow.Activities;
using DeepScan.Workflow.Orchestration;
using DeepScan.Workflow.Webhooks;

namespace DeepScan.Workflow.Scans;

/// <summary>
/// Which method runs behind each orchestrator and activity name: the map the in-process host uses, and the one the
/// Functions adapter's trigger functions mirror.
/// </summary>
public static class ScanTasks
{
    public static ScanTaskRegistry AddScanTasks(
        this ScanTaskRegistry registry,
        ScanWorkflow workflow,
        ScanChunkBatchWorkflow batches,
        ScanRecordActivities records,
        ScanEngineActivities engine,
        ScanEvidenceActivities evidence,
        ScanNotificationActivities notifications) => registry
        .AddOrchestrator<ScanWorkflowInput, ScanWorkflowResult>(ScanWorkflow.Name, workflow.RunAsync)
        .AddOrchestrator<ChunkBatchInput, ChunkBatchResult>(ScanChunkBatchWorkflow.Name, batches.RunAsync)
        .AddActivity<string, RunningScan>(ScanActivityNames.MarkRunning, records.MarkRunningAsync)
        .AddActivity<PlanScanInput, ScanPlan>(ScanActivityNames.PlanScan, engine.PlanScanAsync)
        .AddActivity<ScoreChunkInput, Detection.ChunkScores>(ScanActivityNames.ScoreChunk, engine.ScoreChunkAsync)
        .AddActivity<WriteVerdictInput, string>(ScanActivityNames.WriteVerdict, records.WriteVerdictAsync)
        .AddActivity<string>(ScanActivityNames.RenderEvidence, evidence.RenderEvidenceAsync)
        .AddActivity<FinishScanInput, FinishedScan>(ScanActivityNames.FinishScan, records.FinishScanAsync)
        .AddActivity<ScanCompletedEvent>(ScanActivityNames.PublishEvent, notifications.PublishEventAsync)
        .AddActivity<DeliverWebhookInput, WebhookAttempt>(
            ScanActivityNames.DeliverWebhook, notifications.DeliverWebhookAsync)
        .AddActivity<RecordDeliveriesInput>(ScanActivityNames.RecordDeliveries, records.RecordDeliveriesAsync);
}
