using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using DeepScan.Detection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Storage;

/// <summary>The uploads container in Azure Blob Storage; a video's version is its ETag (without quotes).</summary>
/// <remarks>
/// <see cref="ResolveAsync"/> returns, in order of preference:
/// a read-only SAS URL signed with the account key (connection strings with a key, e.g. Azurite);
/// a read-only user-delegation SAS URL (token credentials whose identity may get a delegation key, i.e. has
/// Storage Blob Delegator or Data Reader/Contributor); otherwise a local copy downloaded to
/// <see cref="StorageOptions.DownloadPath"/>, kept per blob version and reused, which the host may clear.
/// URLs expire after <see cref="StorageOptions.ReadUrlLifetime"/>.
/// </remarks>
public sealed class BlobVideoStore(
    BlobStorageAccount account, IOptions<StorageOptions> options, TimeProvider time, ILogger<BlobVideoStore> logger)
    : IVideoStore
{
    /// <summary>Allowance for clocks that run behind ours, applied to a SAS's start time.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly StorageOptions _options = options.Value;
    private readonly BlobContainers _containers = new(account.Service, logger);

    public async Task<StoredVideo> SaveAsync(string fileName, Stream content, CancellationToken cancellationToken)
    {
        var name = BlobNames.ForUpload(fileName, Guid.NewGuid());
        var blob = await BlobAsync(name, cancellationToken);
        await blob.UploadAsync(content, BlobConditions.CreateOnly(), cancellationToken);
        var stored = await GetAsync(name, cancellationToken)
            ?? throw new IOException($"Upload '{name}' vanished right after it was written.");
        logger.LogInformation("Stored upload {Name} ({Bytes} bytes)", name, stored.Bytes);
        return stored;
    }

    public async Task DiscardAsync(StoredVideo video, CancellationToken cancellationToken)
    {
        var blob = await BlobAsync(video.Name, cancellationToken);
        try
        {
            await blob.DeleteIfExistsAsync(
                conditions: new BlobRequestConditions { IfMatch = new ETag($"\"{video.Version}\"") },
                cancellationToken: cancellationToken);
            logger.LogInformation("Discarded upload {Name}: its request was refused", video.Name);
        }
        catch (RequestFailedException ex) when (BlobConditions.IsChangedSinceRead(ex))
        {
            // Rewritten since this request stored it: someone else's now, so it stays.
        }
    }

    public async Task<StoredVideo?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var properties = await PropertiesOrNullAsync(await BlobAsync(name, cancellationToken), cancellationToken);
        return properties is null ? null : StoredVideoOf(name, properties);
    }

    public string LocationOf(string name) =>
        _containers.Uri(_options.UploadsContainer, BlobNames.Validate(name)).ToString();

    public async Task<VideoRef> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        var blob = await BlobAsync(name, cancellationToken);
        var properties = await PropertiesOrNullAsync(blob, cancellationToken) ?? throw new VideoNotFoundException(name);
        var displayName = Path.GetFileName(name);
        if (blob.CanGenerateSasUri)
        {
            return new VideoRef(blob.GenerateSasUri(ReadOnlySas(blob)).AbsoluteUri, displayName);
        }

        if (account.UsesTokenCredential && await UserDelegationUrlAsync(blob, cancellationToken) is { } url)
        {
            return new VideoRef(url.AbsoluteUri, displayName);
        }

        return new VideoRef(await DownloadAsync(blob, properties, cancellationToken), displayName);
    }

    private BlobSasBuilder ReadOnlySas(BlobClient blob)
    {
        var now = time.GetUtcNow();
        var sas = new BlobSasBuilder
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now - ClockSkew,
            ExpiresOn = now + _options.ReadUrlLifetime,
        };
        sas.SetPermissions(BlobSasPermissions.Read);
        return sas;
    }

    private async Task<Uri?> UserDelegationUrlAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        var sas = ReadOnlySas(blob);
        try
        {
            UserDelegationKey key = await account.Service.GetUserDelegationKeyAsync(
                sas.StartsOn, sas.ExpiresOn, cancellationToken);
            return new BlobUriBuilder(blob.Uri)
            {
                Sas = sas.ToSasQueryParameters(key, account.Service.AccountName),
            }.ToUri();
        }
        catch (RequestFailedException ex) when (ex.Status is 403 or 400)
        {
            logger.LogWarning(
                "No user delegation key ({Code}); downloading {Name} instead of handing out a read URL",
                ex.ErrorCode, blob.Name);
            return null;
        }
    }

    /// <summary>Downloads the blob once per version (temp file, then atomic move); returns the local path.</summary>
    private async Task<string> DownloadAsync(
        BlobClient blob, BlobProperties properties, CancellationToken cancellationToken)
    {
        var video = StoredVideoOf(blob.Name, properties);
        var folder = Path.GetFullPath(_options.ResolvedDownloadPath);
        var path = Path.Combine(folder, ScanIds.For(video.Name, video.Version) + Path.GetExtension(video.Name));
        if (File.Exists(path))
        {
            return path;
        }

        var file = AtomicFile.CreateTemp(path, out var temp);
        try
        {
            await using (file)
            {
                await blob.DownloadToAsync(
                    file, new BlobDownloadToOptions { Conditions = new() { IfMatch = properties.ETag } },
                    cancellationToken);
            }
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        AtomicFile.TryMoveNew(temp, path);
        logger.LogInformation("Downloaded {Name} to {Path}", video.Name, path);
        return path;
    }

    private async Task<BlobClient> BlobAsync(string name, CancellationToken cancellationToken)
    {
        BlobNames.Validate(name);
        return (await _containers.GetAsync(_options.UploadsContainer, cancellationToken)).GetBlobClient(name);
    }

    private static async Task<BlobProperties?> PropertiesOrNullAsync(BlobClient blob, CancellationToken ct)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static StoredVideo StoredVideoOf(string name, BlobProperties properties) =>
        new(name, ScanIds.NormalizeVersion(properties.ETag.ToString()), properties.ContentLength);
}
