using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Cli.Http;

/// <summary>
/// The claim on a blob account: a lease on <c>serve.lock</c> in the scans container, renewed every third of
/// <c>Serve:StorageLease</c> and released at stop. A lease a crashed serve left runs out by itself, so a start that
/// finds one held waits that long before it gives up.
/// </summary>
/// <remarks>Storage that cannot be reached at start does not stop serve (it answers 503 until storage is back); the
/// lease is then taken once storage answers. Finding it held by another serve then, or losing it to one (an outage
/// longer than the lease), stops this serve with <see cref="LostReason"/>.</remarks>
internal sealed class BlobStorageClaim(
    BlobStorageAccount account,
    IOptions<StorageOptions> storage,
    IOptions<ServeOptions> serve,
    IHostApplicationLifetime lifetime,
    ILogger<BlobStorageClaim> logger) : IHostedService, IServeStorageClaim, IDisposable
{
    public const string BlobName = "serve.lock";

    /// <summary>How often to try again while storage is down or the lease is held by a serve that may have crashed.
    /// </summary>
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _lease = serve.Value.StorageLease;
    private readonly BlobContainers _containers = new(account.Service, logger);
    private readonly BlobLeaseClient _leaseClient = account.Service
        .GetBlobContainerClient(storage.Value.ScansContainer).GetBlobClient(BlobName).GetBlobLeaseClient();
    private bool _held;
    private Task? _renewing;

    public string? LostReason { get; private set; }

    private string Where => $"{storage.Value.ScansContainer}/{BlobName} at {account.Service.Uri}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var giveUp = DateTimeOffset.UtcNow + _lease + Retry;
        var waiting = false;
        while (true)
        {
            try
            {
                await AcquireAsync(cancellationToken);
                break;
            }
            catch (RequestFailedException ex) when (IsHeldElsewhere(ex))
            {
                if (DateTimeOffset.UtcNow >= giveUp)
                {
                    throw new StorageInUseException(InUse());
                }

                if (!waiting)
                {
                    logger.LogInformation(
                        "The storage lease ({Where}) is held: another serve, or one that stopped without releasing "
                        + "it, whose lease runs out within {Seconds:0} s; waiting", Where, _lease.TotalSeconds);
                    waiting = true;
                }

                await Task.Delay(Retry, cancellationToken);
            }
            catch (Exception ex) when (StorageOutage.IsCause(ex))
            {
                logger.LogWarning(
                    "Storage cannot be reached to take the serve lease ({Error}); serving meanwhile, and taking it "
                    + "once storage answers", StorageOutage.Describe(ex));
                break;
            }
        }

        _renewing = KeepAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_renewing is not null)
        {
            await _renewing;
        }

        if (_held)
        {
            try
            {
                await _leaseClient.ReleaseAsync(cancellationToken: cancellationToken);
                _held = false;
            }
            catch (Exception ex) when (ex is RequestFailedException or AggregateException or OperationCanceledException)
            {
                logger.LogWarning(
                    "Could not release the storage lease ({Error}); it runs out within {Seconds:0} s",
                    StorageOutage.Describe(ex), _lease.TotalSeconds);
            }
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Renews the lease (or takes it, after an outage at start) until stopped; stops serve if it was taken.
    /// </summary>
    private async Task KeepAsync(CancellationToken stopping)
    {
        var failing = !_held; // an outage at start, logged there
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_held ? _lease / 3 : Retry, stopping);
                if (_held)
                {
                    await _leaseClient.RenewAsync(cancellationToken: stopping);
                }
                else
                {
                    await AcquireAsync(stopping);
                    logger.LogInformation("Took the storage lease ({Where})", Where);
                    failing = false;
                }

                if (failing)
                {
                    logger.LogInformation("Storage answers again; the storage lease is held");
                    failing = false;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && _held)
            {
                // Broken, or run out during an outage and perhaps taken: take it again if it is free.
                _held = false;
                logger.LogWarning("The storage lease could not be renewed ({Error}); taking it again", StorageOutage.Describe(ex));
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Another serve holds it.
                LostReason = $"another deepscan serve took this storage ({Where}) while this one could not renew "
                    + "its lease; one serve per storage, so this one stopped.";
                logger.LogError("{Reason}", LostReason);
                lifetime.StopApplication();
                return;
            }
            catch (Exception ex) when (StorageOutage.IsCause(ex))
            {
                if (!failing)
                {
                    logger.LogWarning(
                        "Cannot reach storage to keep the serve lease ({Error}); trying again", StorageOutage.Describe(ex));
                    failing = true;
                }
            }
        }
    }

    /// <summary>Takes the lease, creating the blob (and the scans container, on a fresh account, as the stores do)
    /// first if need be.</summary>
    private async Task AcquireAsync(CancellationToken cancellationToken)
    {
        var container = await _containers.GetAsync(storage.Value.ScansContainer, cancellationToken);
        try
        {
            await container.GetBlobClient(BlobName).UploadAsync(
                BinaryData.Empty,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // It exists already (412; 409 while another serve's lease is on it).
        }

        await _leaseClient.AcquireAsync(_lease, cancellationToken: cancellationToken);
        _held = true;
    }

    private static bool IsHeldElsewhere(RequestFailedException ex) => ex.ErrorCode == BlobErrorCode.LeaseAlreadyPresent;

    private string InUse() =>
        $"another deepscan serve holds this storage (the lease on {Where}). {StorageInUseException.OneServePerStorage} "
        + "Stop the other one, or give this one storage of its own; a serve that crashed leaves a lease that runs out "
        + $"within {_lease.TotalSeconds:0} s.";
}
