using System.Text.Json;
using Azure;
using Azure.Messaging.EventGrid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Events;

/// <summary>Publishes scan events as CloudEvents 1.0 to an Event Grid topic.</summary>
public sealed class EventGridScanEventPublisher(
    EventGridPublisherClient client,
    IOptions<EventGridOptions> options,
    TimeProvider time,
    ILogger<EventGridScanEventPublisher> logger)
    : IScanEventPublisher
{
    private readonly string _source = options.Value.Source;

    public async Task PublishCompletedAsync(
        string blobName, ScanCompletedEventData data, CancellationToken cancellationToken)
    {
        ScanCompletedCloudEvent[] batch = [new(data.ScanId, _source, blobName, time.GetUtcNow(), data)];
        var encoded = JsonSerializer.SerializeToUtf8Bytes(
            batch, ScanEventsJsonContext.Default.ScanCompletedCloudEventArray);
        try
        {
            await client.SendEncodedCloudEventsAsync(encoded, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw new ScanEventPublishException(data.ScanId, ex.Status, ex.ErrorCode, ex);
        }

        logger.LogInformation(
            "Published {Type} for scan {ScanId} ({Verdict})", ScanEventTypes.Completed, data.ScanId, data.Verdict);
    }
}
