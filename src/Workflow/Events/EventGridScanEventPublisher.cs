using System.Text.Json;
using Azure;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Events;

/// <summary>Publishes scan events as CloudEvents 1.0 to an Event Grid topic.</summary>
public sealed class EventGridScanEventPublisher(
    EventGridPublisherClient client, IOptions<EventGridOptions> options, ILogger<EventGridScanEventPublisher> logger)
    : IScanEventPublisher
{
    private readonly string _source = options.Value.Source;

    public async Task PublishCompletedAsync(
        string blobName, ScanCompletedEventData data, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(data, ScanEventsJsonContext.Default.ScanCompletedEventData);
        var cloudEvent = new CloudEvent(
            _source,
            ScanEventTypes.Completed,
            BinaryData.FromBytes(payload),
            "application/json",
            CloudEventDataFormat.Json)
        {
            Id = data.ScanId,
            Subject = blobName,
        };
        try
        {
            await client.SendEventAsync(cloudEvent, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw new ScanEventPublishException(data.ScanId, ex.Status, ex.ErrorCode, ex);
        }

        logger.LogInformation(
            "Published {Type} for scan {ScanId} ({Verdict})", cloudEvent.Type, data.ScanId, data.Verdict);
    }
}
