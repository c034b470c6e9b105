using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Activities;

/// <summary>The activities that change what the store keeps about a scan: status, verdict and deliveries.</summary>
/// <remarks>Each one may run more than once (at-least-once delivery), so each is a plain overwrite.</remarks>
public sealed class ScanRecordActivities(IScanStore store, TimeProvider timeProvider)
{
    /// <summary>MarkScanRunning: flags the scan as running; returns what the workflow needs from its record.</summary>
    public async Task<RunningScan> MarkRunningAsync(string scanId, CancellationToken cancellationToken)
    {
        var record = await GetAsync(scanId, cancellationToken);
        await store.UpdateAsync(
            record with { Status = ScanStatus.Running, UpdatedAt = timeProvider.GetUtcNow() }, cancellationToken);
        return new RunningScan(record.VideoName, record.Webhooks.Length);
    }

    /// <summary>WriteVerdict: stores the verdict document and returns its URL.</summary>
    public Task<string> WriteVerdictAsync(WriteVerdictInput input, CancellationToken cancellationToken) =>
        store.WriteVerdictAsync(input.ScanId, input.Verdict, cancellationToken);

    /// <summary>FinishScan: records the final status; a failed scan is also kept in the failure record.</summary>
    public async Task FinishScanAsync(FinishScanInput input, CancellationToken cancellationToken)
    {
        var record = await GetAsync(input.ScanId, cancellationToken);
        await store.UpdateAsync(
            record with
            {
                Status = input.Status,
                VerdictUrl = input.VerdictUrl ?? record.VerdictUrl,
                Error = input.Error,
                UpdatedAt = timeProvider.GetUtcNow(),
            },
            cancellationToken);
        if (input.Status == ScanStatus.Failed)
        {
            await store.RecordFailureAsync(input.ScanId, input.Error ?? "The scan failed.", cancellationToken);
        }
    }

    /// <summary>RecordWebhookDeliveries: keeps every webhook's outcome on the scan, final failures included.</summary>
    public async Task RecordDeliveriesAsync(RecordDeliveriesInput input, CancellationToken cancellationToken)
    {
        var record = await GetAsync(input.ScanId, cancellationToken);
        var deliveries = input.Outcomes
            .Select(o => new WebhookDeliveryRecord(
                record.Webhooks[o.WebhookIndex].Url, o.Delivered, o.Attempts, o.LastStatusCode, o.LastError))
            .ToArray();
        await store.UpdateAsync(
            record with { Deliveries = deliveries, UpdatedAt = timeProvider.GetUtcNow() }, cancellationToken);
    }

    private async Task<ScanRecord> GetAsync(string scanId, CancellationToken cancellationToken) =>
        await store.GetAsync(scanId, cancellationToken) ?? throw new ScanNotFoundException(scanId);
}
