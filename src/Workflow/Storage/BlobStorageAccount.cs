using Azure;
using Azure.Core;
using Azure.Storage.Blobs;

namespace DeepScan.Workflow.Storage;

/// <summary>The blob service client both blob stores share, and how it authenticates.</summary>
/// <param name="UsesTokenCredential">True when it signs in with a token (managed identity), which can sign
/// user-delegation read URLs; false for a connection string, whose account key (if any) signs them.</param>
public sealed record BlobStorageAccount(BlobServiceClient Service, bool UsesTokenCredential)
{
    /// <summary>
    /// Three retries, 0.5 s doubling to at most 4 s (the SDK's default is six from 0.8 s, about 25 s in all): an HTTP
    /// request while storage is down gets its 503 within seconds, and the workflow's activities retry on top of this.
    /// </summary>
    public static BlobClientOptions ClientOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromSeconds(0.5);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        return options;
    }

    /// <summary>Connects as configured: the connection string if set, else the service URI with a token.</summary>
    /// <param name="credential">The token credential for a service URI; null builds DefaultAzureCredential.</param>
    public static BlobStorageAccount Connect(StorageOptions options, TokenCredential? credential = null)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new BlobStorageAccount(new BlobServiceClient(options.ConnectionString, ClientOptions()), false);
        }

        var uri = options.ServiceUri ?? throw new InvalidOperationException(
            "Blob storage needs Storage:ConnectionString or Storage:ServiceUri; neither is set.");
        var token = credential ?? AzureCredentials.Default(options.ManagedIdentityClientId);
        return new BlobStorageAccount(new BlobServiceClient(uri, token, ClientOptions()), true);
    }

    /// <summary>Why the account refuses these credentials (403: a wrong account key, an identity without a blob data
    /// role), said so a person can fix the setting; null when it accepts them, or cannot be reached just now (storage
    /// that is down is not a setting to fix, and the hosts answer 503 until it is back).</summary>
    public async Task<string?> WhyCredentialsRefusedAsync(string container, CancellationToken cancellationToken)
    {
        try
        {
            await Service.GetBlobContainerClient(container).ExistsAsync(cancellationToken);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 403)
        {
            return $"storage at {Service.Uri} refused this server's credentials ({ex.ErrorCode ?? "403"}): check "
                + (UsesTokenCredential
                    ? "that the identity has a Storage Blob Data role on the account."
                    : "the account key in Storage:ConnectionString.");
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException)
        {
            return null;
        }
    }
}
