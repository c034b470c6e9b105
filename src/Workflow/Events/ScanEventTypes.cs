namespace DeepScan.Workflow.Events;

/// <summary>The CloudEvent types deepscan publishes.</summary>
public static class ScanEventTypes
{
    public const string Completed = "Deepfake.Scan.Completed";

    /// <summary>The CloudEvent source when <c>EventGrid:Source</c> is not set.</summary>
    public const string DefaultSource = "/deepscan/scans";
}
