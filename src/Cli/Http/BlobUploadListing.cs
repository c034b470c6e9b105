using Azure;
using Azure.Storage.Blobs.Models;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Cli.Http;

/// <summary>The uploads blob container (Azure or Azurite), polled: blob storage has no change feed to watch here.
/// </summary>
internal sealed class BlobUploadListing(
    BlobStorageAccount account, IOptions<StorageOptions> options, ILogger<BlobUploadListing> logger) : IUploadListing
{
    private readonly UnscannedNames _unscanned = new(
        logger, $"blob container {options.Value.UploadsContainer}");

    public async Task<IReadOnlyList<UploadEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var container = account.Service.GetBlobContainerClient(options.Value.UploadsContainer);
        var entries = new List<UploadEntry>();
        try
        {
            var blobs = container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken);
            await foreach (var blob in blobs)
            {
                if (_unscanned.Accepts(blob.Name))
                {
                    entries.Add(new UploadEntry(
                        blob.Name, blob.Properties.ContentLength ?? 0, blob.Properties.ETag?.ToString() ?? ""));
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No uploads container yet: nothing was uploaded.
        }

        return entries;
    }

    public Task WaitForChangeAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Delay(timeout, cancellationToken);
}
