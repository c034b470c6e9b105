using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Logging;

namespace DeepScan.Workflow.Scans;

/// <summary>What asking for a scan came to: its id, and whether it had finished already (its result is final, and
/// no webhook given now will be called).</summary>
public sealed record ScanStart(string ScanId, bool Finished);

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
    /// <returns>The scan id, whether this call started the scan or an earlier one did, and whether it had finished.
    /// </returns>
    /// <exception cref="VideoNotFoundException">No upload has this name.</exception>
    public async Task<ScanStart> StartAsync(
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
    /// When the scan exists already and has not finished, the <paramref name="webhooks"/> given now join it (one it has
    /// already, the same URL with the same secret, is not added twice; the same URL with another secret is another
    /// caller's, called and signed with its own) and are called when it finishes. A scan that has finished keeps its
    /// webhooks as they were: its result is there to read, and the HTTP hosts answer such a request with it. A
    /// finished scan is not scheduled again; any other existing scan is, because the host may have stopped between
    /// creating the record and starting its run (the scheduler ignores a run it has).
    /// </remarks>
    public async Task<ScanStart> StartAsync(
        IScanScheduler scheduler,
        StoredVideo video,
        WebhookRegistration[] webhooks,
        CancellationToken cancellationToken)
    {
        var scanId = ScanIds.For(video.Name, video.Version);
        var now = timeProvider.GetUtcNow();
        var record = new ScanRecord(scanId, video.Name, video.Version, ScanStatus.Pending, now, now, webhooks);
        if (!await scans.TryCreateAsync(record, cancellationToken)
            && (await JoinAsync(scanId, webhooks, cancellationToken)).Status.IsFinal())
        {
            logger.LogDebug("Scan {ScanId} of {Video} has finished already", scanId, video.Name);
            return new ScanStart(scanId, Finished: true);
        }

        if (await scheduler.ScheduleAsync(new ScanWorkflowInput(scanId, settings), cancellationToken))
        {
            logger.LogInformation("Started scan {ScanId} of {Video}", scanId, video.Name);
        }

        return new ScanStart(scanId, Finished: false);
    }

    /// <summary>Adds the webhooks the existing scan does not have yet, unless it has finished; returns its record.
    /// </summary>
    /// <remarks>A conditional write: if FinishScan gets in first, the re-applied change sees the scan finished and
    /// adds nothing, so a webhook is either counted by FinishScan or not registered at all.</remarks>
    private async Task<ScanRecord> JoinAsync(
        string scanId, WebhookRegistration[] webhooks, CancellationToken cancellationToken)
    {
        var existing = await scans.GetAsync(scanId, cancellationToken)
            ?? throw new ScanNotFoundException(scanId);
        if (webhooks.Length == 0 || existing.Status.IsFinal()
            || webhooks.All(existing.Webhooks.Contains))
        {
            return existing;
        }

        return await scans.UpdateAsync(
            scanId,
            r => r.Status.IsFinal() ? r : r with
            {
                Webhooks = [.. r.Webhooks, .. webhooks.Where(w => !r.Webhooks.Contains(w))],
                UpdatedAt = timeProvider.GetUtcNow(),
            },
            cancellationToken);
    }
}
