using DeepScan.Workflow.Http;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Cli.Http;

/// <summary>
/// Scans whatever lands in the uploads container: lists it on every change signal or poll interval, and starts a
/// scan for each upload that stopped changing. The scan id is derived from the upload's name and version, so an
/// upload seen again, or also posted to <c>/api/scans</c>, is scanned once.
/// </summary>
internal sealed class UploadWatcher(
    IUploadListing listing,
    ScanStarter starter,
    IScanScheduler scheduler,
    UploadsInFlight inFlight,
    TimeProvider timeProvider,
    IOptions<ServeOptions> options,
    ILogger<UploadWatcher> logger) : BackgroundService
{
    private readonly UploadTracker _tracker = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // the first listing may be long; the host's start does not wait for it
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(settings.UploadStableFor, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Listing the uploads failed; retrying in {Interval}: {Error}",
                    settings.UploadPollInterval, StorageOutage.Describe(ex));
            }

            var wait = _tracker.HasSettling && settings.UploadStableFor < settings.UploadPollInterval
                ? settings.UploadStableFor
                : settings.UploadPollInterval;
            try
            {
                await listing.WaitForChangeAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task PassAsync(TimeSpan settleTime, CancellationToken cancellationToken)
    {
        var listed = await listing.ListAsync(cancellationToken);
        var due = _tracker.Observe(listed, timeProvider.GetUtcNow(), settleTime)
            .Where(u => !inFlight.IsRefused(u.Name))
            .ToList();
        if (inFlight.Any)
        {
            // An upload request may be between storing its video and creating its scan, which it starts itself: its
            // video is not started here. Videos dropped in the folder are, however long an upload takes.
            due = due.Where(u => !BlobNames.IsUploadName(u.Name)).ToList();
        }

        foreach (var upload in due)
        {
            try
            {
                await starter.StartAsync(scheduler, upload.Name, [], cancellationToken);
                _tracker.MarkStarted(upload);
            }
            catch (VideoNotFoundException)
            {
                // Deleted since the listing; the next listing forgets it.
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(
                    "Could not start the scan of upload {Name}; retrying: {Error}", upload.Name, ex.Message);
            }
        }
    }
}
