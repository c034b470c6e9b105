using DeepScan.Workflow.Events;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Webhooks;

namespace DeepScan.Workflow.Activities;

/// <summary>The activities that tell the outside world a scan finished: the event and the webhooks.</summary>
public sealed class ScanNotificationActivities(
    IScanEventPublisher publisher, IScanStore store, IVideoStore videos, IWebhookSender sender)
{
    /// <summary>PublishScanEvent: the <c>Deepfake.Scan.Completed</c> CloudEvent, its subject the scanned blob.</summary>
    public Task PublishEventAsync(ScanCompletedEvent scanEvent, CancellationToken cancellationToken) =>
        publisher.PublishCompletedAsync(
            scanEvent.VideoName,
            new ScanCompletedEventData(
                scanEvent.ScanId,
                videos.LocationOf(scanEvent.VideoName),
                scanEvent.Verdict,
                scanEvent.FakeProbability,
                scanEvent.VerdictUrl),
            cancellationToken);

    /// <summary>
    /// DeliverWebhook: one attempt to POST the scan's status document (the body of <c>GET /api/scans/{id}</c>) to one
    /// registered webhook, signed with its secret. The secret is read here from the store, never from history.
    /// </summary>
    public async Task<WebhookAttempt> DeliverWebhookAsync(
        DeliverWebhookInput input, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(input.ScanId, cancellationToken)
            ?? throw new ScanNotFoundException(input.ScanId);
        var webhook = record.Webhooks[input.WebhookIndex];
        var verdict = await store.ReadVerdictAsync(input.ScanId, cancellationToken);
        var body = WorkflowJson.Serialize(ScanStatusResponse.From(record, verdict));
        var secret = webhook.Secret is null ? null : WebhookSecret.Parse(webhook.Secret);
        var message = new WebhookMessage(
            webhook.Url, WebhookMessageIds.For(input.ScanId, input.WebhookIndex), body, secret);
        return await sender.SendAsync(message, cancellationToken);
    }
}
