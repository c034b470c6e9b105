using DeepScan.Workflow.Orchestration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Scans;

/// <summary>Runs a scan to its end inside this process, for <c>deepscan scan</c> and <c>deepscan serve</c>.</summary>
/// <remarks>The scan's record must exist first (<see cref="Storage.IScanStore.TryCreateAsync"/>).</remarks>
public sealed class InProcessScanRunner(
    ScanWorkflow workflow,
    ScanTaskRegistry registry,
    TimeProvider timeProvider,
    IOptions<ScanOptions> options,
    ILogger<InProcessScanRunner> logger)
{
    /// <param name="waiting">Called once, when the scan first waits on a durable timer (a webhook retry's backoff,
    /// after the scan itself has finished).</param>
    public Task<ScanWorkflowResult> RunAsync(
        ScanWorkflowInput input, CancellationToken cancellationToken, Action? waiting = null)
    {
        var context = new InProcessScanContext(
            input.ScanId, registry, timeProvider, options.Value.MaxConcurrentActivities, cancellationToken, waiting);
        return workflow.RunAsync(context, input);
    }

    /// <summary>The scan's last step again: delivers its <paramref name="webhookCount"/> webhooks, with the same
    /// retries, and records their outcomes. For a scan that finished in an earlier run of this host, which stopped
    /// before the outcomes were recorded: the in-process timers of its retries did not outlive it, as durable ones do.
    /// </summary>
    public Task<WebhookOutcome[]> ResumeWebhooksAsync(
        string scanId, int webhookCount, int maxAttempts, CancellationToken cancellationToken)
    {
        var context = new InProcessScanContext(
            scanId, registry, timeProvider, options.Value.MaxConcurrentActivities, cancellationToken);
        return WebhookDeliveries.DeliverAllAsync(
            context, scanId, webhookCount, maxAttempts, logger); // in process nothing replays
    }
}
