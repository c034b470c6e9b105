using System.Text.Json;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Orchestration;
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

    /// <summary>A sweep that failed (storage down at start, say) is tried again after 15 s, then twice as long each
    /// time, up to 5 min, until one succeeds.</summary>
    public static readonly ScanRetryPolicy SweepRetry =
        new(int.MaxValue, TimeSpan.FromSeconds(15), 2.0, TimeSpan.FromMinutes(5));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // the listing may be long; the host's start does not wait for it
        var deliveries = new Dictionary<string, Task>(StringComparer.Ordinal);
        try
        {
            for (var failed = 1; !await SweepAsync(deliveries, stoppingToken); failed++)
            {
                await Task.Delay(SweepRetry.DelayAfterAttempt(failed), timeProvider, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not resumed now is resumed at the next start.
        }

        await Task.WhenAll(deliveries.Values);
    }

    /// <summary>Starts the deliveries of every record left undelivered that <paramref name="deliveries"/> does not
    /// have yet; false when the store could not be listed or read to the end (the next sweep finishes the job).
    /// </summary>
    private async Task<bool> SweepAsync(Dictionary<string, Task> deliveries, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var scanId in store.ListScanIdsAsync(stoppingToken))
            {
                if (!deliveries.ContainsKey(scanId) && await ReadAsync(scanId, stoppingToken) is { } record
                    && WasLeftUndelivered(record, _hostStartedAt))
                {
                    deliveries[scanId] = ResumeAsync(record, stoppingToken);
                }
            }

            return true;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(
                "Looking for webhooks left undelivered by the last run failed; trying again later: {Error}",
                StorageOutage.Describe(ex));
            return false;
        }
    }

    /// <summary>The record; null, with a warning, when it is not a record (a file damaged by hand, say): one such file
    /// must not keep the others' webhooks from being delivered.</summary>
    private async Task<ScanRecord?> ReadAsync(string scanId, CancellationToken stoppingToken)
    {
        try
        {
            return await store.GetAsync(scanId, stoppingToken);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Scan record {ScanId} cannot be read, so its webhooks are not resumed: {Error}",
                scanId, ex.Message);
            return null;
        }
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
