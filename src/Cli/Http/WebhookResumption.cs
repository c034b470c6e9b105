using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepScan.Cli.Http;

/// <summary>
/// At start, delivers the webhooks of scans that finished before this host last stopped and whose outcomes were never
/// recorded: their retries were waiting on in-process timers, which a stop loses (the Functions app's durable timers
/// are not lost). Each such webhook is delivered again from its first attempt, with the message id it had, so a
/// receiver that got it before the stop can tell it is the same one.
/// </summary>
internal sealed class WebhookResumption(
    IScanStore store,
    IServiceScopeFactory scopes,
    ScanSettings settings,
    TimeProvider timeProvider,
    ILogger<WebhookResumption> logger) : BackgroundService
{
    // Taken when the host builds its services, before any scan of this run can finish: a scan finished since is this
    // run's own, and its deliveries are under way.
    private readonly DateTimeOffset _hostStartedAt = timeProvider.GetUtcNow();

    /// <summary>A scan whose webhooks were left undelivered by an earlier run: finished before this run started, with
    /// webhooks, and no delivery outcome recorded.</summary>
    public static bool WasLeftUndelivered(ScanRecord record, DateTimeOffset hostStartedAt) =>
        record.Status.IsFinal() && record.Webhooks.Length > 0 && record.Deliveries is null
        && record.UpdatedAt < hostStartedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // the listing may be long; the host's start does not wait for it
        var deliveries = new List<Task>();
        try
        {
            await foreach (var scanId in store.ListScanIdsAsync(stoppingToken))
            {
                if (await store.GetAsync(scanId, stoppingToken) is { } record
                    && WasLeftUndelivered(record, _hostStartedAt))
                {
                    deliveries.Add(ResumeAsync(record, stoppingToken));
                }
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Looking for webhooks left undelivered by the last run failed: {Error}", ex.Message);
        }
        catch (OperationCanceledException)
        {
            // Stopping: what was not resumed now is resumed at the next start.
        }

        await Task.WhenAll(deliveries);
    }

    private async Task ResumeAsync(ScanRecord record, CancellationToken stoppingToken)
    {
        logger.LogInformation(
            "Scan {ScanId} finished before this host started and its {Count} webhook(s) were not delivered; delivering",
            record.Id, record.Webhooks.Length);
        try
        {
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<InProcessScanRunner>().ResumeWebhooksAsync(
                record.Id, record.Webhooks.Length, settings.WebhookMaxAttempts, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped while retrying: the outcomes are still unrecorded, so the next start resumes them again.
        }
        catch (Exception ex)
        {
            logger.LogError("Scan {ScanId}: resuming its webhooks failed: {Error}", record.Id, ex.Message);
        }
    }
}
