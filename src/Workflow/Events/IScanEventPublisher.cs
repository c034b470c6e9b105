namespace DeepScan.Workflow.Events;

/// <summary>Announces finished scans to subscribers (Event Grid in Azure).</summary>
public interface IScanEventPublisher
{
    /// <summary>Publishes <see cref="ScanEventTypes.Completed"/> for a scan whose verdict is stored.</summary>
    /// <param name="blobName">The uploads blob the scan read; the event's subject.</param>
    /// <remarks>The event id is the scan id, so a retried publish is recognisably the same event.</remarks>
    Task PublishCompletedAsync(string blobName, ScanCompletedEventData data, CancellationToken cancellationToken);
}
