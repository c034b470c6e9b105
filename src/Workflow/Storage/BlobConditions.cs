using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace DeepScan.Workflow.Storage;

/// <summary>The conditional requests the blob stores are built on: create-if-absent and replace-if-unchanged.</summary>
internal static class BlobConditions
{
    /// <summary><c>If-None-Match: *</c>: the write fails (409 or 412) when the blob exists.</summary>
    public static BlobUploadOptions CreateOnly() =>
        new() { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };

    /// <summary><c>If-Match: etag</c>: the write fails (412) when someone changed the blob since it was read.</summary>
    public static BlobUploadOptions ReplaceIfUnchanged(ETag etag) =>
        new() { Conditions = new BlobRequestConditions { IfMatch = etag } };

    public static bool IsAlreadyExists(RequestFailedException ex) => ex.Status is 409 or 412;

    public static bool IsChangedSinceRead(RequestFailedException ex) => ex.Status == 412;

    /// <summary>Creates the blob unless it exists; true when it now holds <paramref name="content"/> (written now or
    /// before: a retried write), false when it holds something else, which stays.</summary>
    public static async Task<bool> TryCreateOrMatchAsync(BlobClient blob, BinaryData content, CancellationToken ct)
    {
        try
        {
            await blob.UploadAsync(content, CreateOnly(), ct);
            return true;
        }
        catch (RequestFailedException ex) when (IsAlreadyExists(ex))
        {
            var stored = await DownloadOrNullAsync(blob, ct);
            return stored is not null && stored.Content.ToMemory().Span.SequenceEqual(content.ToMemory().Span);
        }
    }

    /// <summary>The blob's content and ETag; null when the blob (or its container) does not exist.</summary>
    public static async Task<BlobDownloadResult?> DownloadOrNullAsync(BlobClient blob, CancellationToken ct)
    {
        try
        {
            return (await blob.DownloadContentAsync(ct)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
