using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Logging;

namespace DeepScan.Workflow.Scans;

/// <summary>
/// Starts the scan of a stored upload once per video version, for every host: the scan id is derived from the
/// blob's name and version and is also the workflow run's id, so a repeated event, poll or request finds the scan
/// already there.
/// </summary>
/// <remarks>The scheduler is an argument rather than a dependency because Durable Functions hands its client to each
/// function invocation; the local host passes its one background queue.</remarks>
public sealed class ScanStarter(
    IVideoStore videos,
    IScanStore scans,
    ScanSettings settings,
    TimeProvider timeProvider,
    ILogger<ScanStarter> logger)
{
    /// <returns>The scan id, whether this call started the scan or an earlier one did.</returns>
    /// <exception cref="VideoNotFoundException">No upload has this name.</exception>
    public async Task<string> StartAsync(
        IScanScheduler scheduler,
        string videoName,
        WebhookRegistration[] webhooks,
        CancellationToken cancellationToken)
    {
        var video = await videos.GetAsync(videoName, cancellationToken) ?? throw new VideoNotFoundException(videoName);
        return await StartAsync(scheduler, video, webhooks, cancellationToken);
    }

    /// <summary>Starts the scan of an upload whose properties the caller already has (it just stored or listed it).
    /// </summary>
    /// <remarks>
    /// When the scan exists already, the <paramref name="webhooks"/> given now are not added: the record is created
    /// once. A scan whose record shows it finished is not scheduled again; any other existing scan is, because the
    /// host may have stopped between creating the record and starting its run (the scheduler ignores a run it has).
    /// </remarks>
    public async Task<string> StartAsync(
        IScanScheduler scheduler,
        StoredVideo video,
        WebhookRegistration[] webhooks,
        CancellationToken cancellationToken)
    {
        var scanId = ScanIds.For(video.Name, video.Version);
        var now = timeProvider.GetUtcNow();
        var record = new ScanRecord(scanId, video.Name, video.Version, ScanStatus.Pending, now, now, webhooks);
        if (!await scans.TryCreateAsync(record, cancellationToken)
            && await scans.GetAsync(scanId, cancellationToken) is { Status: ScanStatus.Completed or ScanStatus.Failed })
        {
            logger.LogDebug("Scan {ScanId} of {Video} has finished already", scanId, video.Name);
            return scanId;
        }

        if (await scheduler.ScheduleAsync(new ScanWorkflowInput(scanId, settings), cancellationToken))
        {
            logger.LogInformation("Started scan {ScanId} of {Video}", scanId, video.Name);
        }

        return scanId;
    }
}
