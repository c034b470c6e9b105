using Microsoft.Extensions.Logging;

namespace DeepScan.Workflow.Events;

/// <summary>The publisher when no Event Grid topic is configured: logs that nothing was sent.</summary>
public sealed class NullScanEventPublisher(ILogger<NullScanEventPublisher> logger) : IScanEventPublisher
{
    public Task PublishCompletedAsync(string blobName, ScanCompletedEventData data, CancellationToken cancellationToken)
    {
        logger.LogInformation(
            "No EventGrid:TopicEndpoint configured; completion of scan {ScanId} not published", data.ScanId);
        return Task.CompletedTask;
    }
}
