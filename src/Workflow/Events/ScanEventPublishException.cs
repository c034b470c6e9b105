namespace DeepScan.Workflow.Events;

/// <summary>Event Grid did not accept a scan event.</summary>
public sealed class ScanEventPublishException(string scanId, int status, string? code, Exception inner)
    : Exception(
        $"Event Grid refused the completion event of scan {scanId} (HTTP {status}{(code is null ? "" : " " + code)}); "
        + "check EventGrid:TopicEndpoint and the key or the identity's EventGrid Data Sender role.",
        inner)
{
    public string ScanId { get; } = scanId;

    public int Status { get; } = status;
}
