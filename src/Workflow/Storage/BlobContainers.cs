using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace DeepScan.Workflow.Storage;

/// <summary>Hands out container clients, creating each container on first use.</summary>
/// <remarks>In Azure the containers usually come from infrastructure and the identity may not be allowed to
/// create them; a refused create is logged and the container assumed to exist.</remarks>
public sealed class BlobContainers(BlobServiceClient service, ILogger logger)
{
    private readonly ConcurrentDictionary<string, BlobContainerClient> _ready = new(StringComparer.Ordinal);

    /// <summary>The URL of a blob, without credentials; needs no request.</summary>
    public Uri Uri(string container, string blobName) =>
        service.GetBlobContainerClient(container).GetBlobClient(blobName).Uri;

    public async Task<BlobContainerClient> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (_ready.TryGetValue(name, out var ready))
        {
            return ready;
        }

        var container = service.GetBlobContainerClient(name);
        try
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 403)
        {
            logger.LogWarning(
                "Not allowed to create container {Container} ({Code}); assuming it exists", name, ex.ErrorCode);
        }

        return _ready.GetOrAdd(name, container);
    }
}
