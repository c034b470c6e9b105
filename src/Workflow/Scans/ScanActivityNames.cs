namespace DeepScan.Workflow.Scans;

/// <summary>
/// The names the workflow calls its activities by: the one list the in-process registry and the Azure Functions
/// adapter's <c>[ActivityTrigger]</c> functions both use.
/// </summary>
public static class ScanActivityNames
{
    public const string MarkRunning = "MarkScanRunning";
    public const string PlanScan = "PlanScan";
    public const string ScoreChunk = "ScoreChunk";
    public const string WriteVerdict = "WriteVerdict";
    public const string RenderEvidence = "RenderEvidence";
    public const string FinishScan = "FinishScan";
    public const string PublishEvent = "PublishScanEvent";
    public const string DeliverWebhook = "DeliverWebhook";
    public const string RecordDeliveries = "RecordWebhookDeliveries";
}
