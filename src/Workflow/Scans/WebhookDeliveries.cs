using DeepScan.Workflow.Orchestration;
using DeepScan.Workflow.Webhooks;
using Microsoft.Extensions.Logging;

namespace DeepScan.Workflow.Scans;

/// <summary>
/// Delivers each of a scan's webhooks with exponential backoff on durable timers, then records every outcome on the
/// scan in one write.
/// </summary>
/// <remarks>
/// The retry loop lives in the workflow rather than in an activity retry policy so that each attempt's status code is
/// seen: the record gets the exact attempt count, and a 410 Gone or a callback that now resolves to a forbidden
/// address stops the retries at once, as Standard Webhooks asks.
/// </remarks>
internal static class WebhookDeliveries
{
    public static async Task<WebhookOutcome[]> DeliverAllAsync(
        IScanContext context, string scanId, int webhookCount, int maxAttempts, ILogger log)
    {
        if (webhookCount == 0)
        {
            return [];
        }

        var policy = ScanRetryPolicies.Webhook(maxAttempts);
        var outcomes = await Task.WhenAll(
            Enumerable.Range(0, webhookCount).Select(index => DeliverAsync(context, scanId, index, policy, log)));
        foreach (var failed in outcomes.Where(o => !o.Delivered))
        {
            log.LogWarning(
                "Scan {ScanId}: webhook {Index} failed after {Attempts} attempts: {Error}",
                scanId, failed.WebhookIndex, failed.Attempts, failed.LastError);
        }

        try
        {
            await context.CallActivityAsync(
                ScanActivityNames.RecordDeliveries,
                new RecordDeliveriesInput(scanId, outcomes),
                ScanRetryPolicies.Store);
        }
        catch (ScanTaskFailedException ex)
        {
            // The outcomes still reach the orchestration's output, where the host's status query shows them.
            log.LogError("Scan {ScanId}: webhook outcomes could not be recorded: {Error}", scanId, ex.ErrorMessage);
        }

        return outcomes;
    }

    private static async Task<WebhookOutcome> DeliverAsync(
        IScanContext context, string scanId, int index, ScanRetryPolicy policy, ILogger log)
    {
        var input = new DeliverWebhookInput(scanId, index);
        for (var attempt = 1; ; attempt++)
        {
            WebhookAttempt result;
            try
            {
                result = await context.CallActivityAsync<WebhookAttempt>(ScanActivityNames.DeliverWebhook, input);
            }
            catch (ScanTaskFailedException ex)
            {
                result = WebhookAttempt.Failed(ex.ErrorMessage);
            }

            if (result.Delivered || result.Permanent || attempt >= policy.MaxNumberOfAttempts)
            {
                return new WebhookOutcome(index, result.Delivered, attempt, result.StatusCode, result.Error);
            }

            var delay = policy.DelayAfterAttempt(attempt);
            log.LogInformation(
                "Scan {ScanId}: webhook {Index} attempt {Attempt} failed ({Error}); trying again in {Delay}",
                scanId, index, attempt, result.Error ?? $"HTTP {result.StatusCode}", delay);
            await context.CreateTimer(context.CurrentUtcDateTime + delay, CancellationToken.None);
        }
    }
}
