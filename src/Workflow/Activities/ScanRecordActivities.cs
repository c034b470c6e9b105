using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Activities;

/// <summary>The activities that change what the store keeps about a scan: status, verdict and deliveries.</summary>
/// <remarks>
/// Each one may run more than once (at-least-once delivery), so each sets values rather than appending; each goes
/// through the store's re-applying update, so a concurrent writer (an HTTP status read-modify-write, another
/// activity) never loses its change.
/// </remarks>
public sealed class ScanRecordActivities(IScanStore store, TimeProvider timeProvider)
{
    /// <summary>MarkScanRunning: flags the scan as running; returns what the workflow needs from its record.</summary>
    public async Task<RunningScan> MarkRunningAsync(string scanId, CancellationToken cancellationToken)
    {
        var record = await store.UpdateAsync(
            scanId, r => r with { Status = ScanStatus.Running, UpdatedAt = timeProvider.GetUtcNow() }, cancellationToken);
        return new RunningScan(record.VideoName, record.Webhooks.Length);
    }

    /// <summary>WriteVerdict: stores the verdict document and returns its URL.</summary>
    public Task<string> WriteVerdictAsync(WriteVerdictInput input, CancellationToken cancellationToken) =>
        store.WriteVerdictAsync(input.ScanId, input.Verdict, cancellationToken);

    /// <summary>FinishScan: records the final status; a failed scan is also kept in the failure record.</summary>
    /// <returns>The webhooks registered when the scan finished: every caller who asked before this write.</returns>
    /// <remarks>A scan already final keeps its status: another host on the same storage (two <c>serve</c> processes
    /// on one folder) may have finished it first, and its verdict, written once, is the one that stands.</remarks>
    public async Task<FinishedScan> FinishScanAsync(FinishScanInput input, CancellationToken cancellationToken)
    {
        var finishedHere = false;
        var finished = await store.UpdateAsync(
            input.ScanId,
            r =>
            {
                // Final already with this very outcome: this activity's own earlier attempt, retried.
                finishedHere = !r.Status.IsFinal() || (r.Status == input.Status && r.Error == input.Error);
                return !finishedHere ? r : r with
                {
                    Status = input.Status,
                    VerdictUrl = input.VerdictUrl ?? r.VerdictUrl,
                    Error = input.Error,
                    UpdatedAt = timeProvider.GetUtcNow(),
                };
            },
            cancellationToken);
        if (finishedHere && input.Status == ScanStatus.Failed)
        {
            await store.RecordFailureAsync(input.ScanId, input.Error ?? "The scan failed.", cancellationToken);
        }

        return new FinishedScan(finished.Webhooks.Length);
    }

    /// <summary>RecordWebhookDeliveries: keeps every webhook's outcome on the scan, final failures included.</summary>
    public Task RecordDeliveriesAsync(RecordDeliveriesInput input, CancellationToken cancellationToken) =>
        store.UpdateAsync(
            input.ScanId,
            r => r with
            {
                Deliveries = input.Outcomes
                    .Select(o => new WebhookDeliveryRecord(
                        r.Webhooks[o.WebhookIndex].Url, o.Delivered, o.Attempts, o.LastStatusCode, o.LastError))
                    .ToArray(),
                UpdatedAt = timeProvider.GetUtcNow(),
            },
            cancellationToken);
}
