using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using DeepScan.Detection;
using DeepScan.Detection.Evidence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Storage;

/// <summary>
/// Scan records, verdicts, failures and evidence in Azure Blob Storage: <c>scans/{scanId}.json</c>,
/// <c>verdicts/{scanId}.json</c>, <c>failed/{scanId}.json</c>, <c>evidence/{scanId}.png</c> and
/// <c>evidence/{scanId}/chunk-NNNNNN.json</c> (container names from <see cref="StorageOptions"/>).
/// </summary>
/// <remarks>
/// Records, verdicts and evidence are created with <c>If-None-Match: *</c>, so nothing is ever overwritten by a create;
/// updates replace a record with <c>If-Match</c> on the ETag it was read with and re-apply the change on conflict.
/// </remarks>
public sealed class BlobScanStore(
    BlobStorageAccount account, IOptions<StorageOptions> options, TimeProvider time, ILogger<BlobScanStore> logger)
    : IScanStore
{
    /// <summary>How often an update is re-applied after losing a race before it gives up.</summary>
    public const int MaxUpdateAttempts = 10;

    private readonly StorageOptions _options = options.Value;
    private readonly BlobContainers _containers = new(account.Service, logger);

    public async Task<bool> TryCreateAsync(ScanRecord record, CancellationToken cancellationToken)
    {
        var blob = await RecordBlobAsync(record.Id, cancellationToken);
        try
        {
            await blob.UploadAsync(Serialize(record), BlobConditions.CreateOnly(), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (BlobConditions.IsAlreadyExists(ex))
        {
            logger.LogDebug("Scan {ScanId} already has a record; not created again", record.Id);
            return false;
        }
    }

    public async Task<ScanRecord?> GetAsync(string scanId, CancellationToken cancellationToken)
    {
        var blob = await RecordBlobAsync(scanId, cancellationToken);
        var stored = await BlobConditions.DownloadOrNullAsync(blob, cancellationToken);
        return stored is null ? null : Deserialize(stored.Content);
    }

    public async IAsyncEnumerable<string> ListScanIdsAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = await _containers.GetAsync(_options.ScansContainer, cancellationToken);
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (blob.Name.EndsWith(".json", StringComparison.Ordinal) && blob.Name[..^".json".Length] is var id
                && ScanIds.IsValid(id))
            {
                yield return id;
            }
        }
    }

    public Task UpdateAsync(ScanRecord record, CancellationToken cancellationToken) =>
        UpdateAsync(record.Id, _ => record, cancellationToken);

    public async Task<ScanRecord> UpdateAsync(
        string scanId, Func<ScanRecord, ScanRecord> change, CancellationToken cancellationToken)
    {
        var blob = await RecordBlobAsync(scanId, cancellationToken);
        for (var attempt = 1; attempt <= MaxUpdateAttempts; attempt++)
        {
            var stored = await BlobConditions.DownloadOrNullAsync(blob, cancellationToken)
                ?? throw new ScanNotFoundException(scanId);
            var updated = ScanRecordChange.Apply(Deserialize(stored.Content), change);
            try
            {
                await blob.UploadAsync(
                    Serialize(updated), BlobConditions.ReplaceIfUnchanged(stored.Details.ETag), cancellationToken);
                return updated;
            }
            catch (RequestFailedException ex) when (BlobConditions.IsChangedSinceRead(ex))
            {
                logger.LogDebug("Scan {ScanId} changed during update attempt {Attempt}; re-applying", scanId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), cancellationToken);
            }
        }

        throw new ScanUpdateConflictException(scanId, MaxUpdateAttempts);
    }

    public async Task<string> WriteVerdictAsync(
        string scanId, VerdictDocument verdict, CancellationToken cancellationToken)
    {
        var blob = await VerdictBlobAsync(scanId, cancellationToken);
        var content = JsonSerializer.SerializeToUtf8Bytes(verdict, DetectionJsonContext.Default.VerdictDocument);
        if (!await BlobConditions.TryCreateOrMatchAsync(blob, BinaryData.FromBytes(content), cancellationToken))
        {
            throw new VerdictConflictException(scanId);
        }

        return blob.Uri.AbsoluteUri;
    }

    public async Task<VerdictDocument?> ReadVerdictAsync(string scanId, CancellationToken cancellationToken)
    {
        var blob = await VerdictBlobAsync(scanId, cancellationToken);
        var stored = await BlobConditions.DownloadOrNullAsync(blob, cancellationToken);
        return stored?.Content.ToObjectFromJson(DetectionJsonContext.Default.VerdictDocument);
    }

    public async Task WriteChunkEvidenceAsync(
        string scanId, ChunkEvidence evidence, CancellationToken cancellationToken)
    {
        var name = EvidenceNames.Chunk(ScanIds.Validate(scanId), evidence.ChunkIndex);
        var blob = await EvidenceBlobAsync(name, cancellationToken);
        var content = BinaryData.FromBytes(
            JsonSerializer.SerializeToUtf8Bytes(evidence, DetectionJsonContext.Default.ChunkEvidence));
        if (!await BlobConditions.TryCreateOrMatchAsync(blob, content, cancellationToken))
        {
            throw new EvidenceConflictException(scanId, $"chunk {evidence.ChunkIndex}");
        }
    }

    public async Task<IReadOnlyList<ChunkEvidence>> ReadChunkEvidenceAsync(
        string scanId, CancellationToken cancellationToken)
    {
        var prefix = EvidenceNames.ChunkFolder(ScanIds.Validate(scanId)) + "/";
        var container = await _containers.GetAsync(_options.EvidenceContainer, cancellationToken);
        var chunks = new List<ChunkEvidence>();
        var items = container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken);
        await foreach (var item in items)
        {
            var blob = container.GetBlobClient(item.Name);
            var stored = await BlobConditions.DownloadOrNullAsync(blob, cancellationToken);
            if (stored?.Content.ToObjectFromJson(DetectionJsonContext.Default.ChunkEvidence) is { } chunk)
            {
                chunks.Add(chunk);
            }
        }

        return chunks.OrderBy(c => c.ChunkIndex).ToList();
    }

    public async Task<string> WriteEvidenceAsync(
        string scanId, ReadOnlyMemory<byte> png, CancellationToken cancellationToken)
    {
        var blob = await EvidenceBlobAsync(EvidenceNames.Sheet(ScanIds.Validate(scanId)), cancellationToken);
        if (!await BlobConditions.TryCreateOrMatchAsync(blob, BinaryData.FromBytes(png), cancellationToken))
        {
            throw new EvidenceConflictException(scanId, "the sheet");
        }

        return blob.Uri.AbsoluteUri;
    }

    public async Task<byte[]?> ReadEvidenceAsync(string scanId, CancellationToken cancellationToken)
    {
        var blob = await EvidenceBlobAsync(EvidenceNames.Sheet(ScanIds.Validate(scanId)), cancellationToken);
        return (await BlobConditions.DownloadOrNullAsync(blob, cancellationToken))?.Content.ToArray();
    }

    public async Task RecordFailureAsync(string scanId, string reason, CancellationToken cancellationToken)
    {
        var blob = await ScanBlobAsync(_options.FailedContainer, scanId, cancellationToken);
        var failure = new FailedScan(scanId, reason, time.GetUtcNow(), await GetAsync(scanId, cancellationToken));
        var content = BinaryData.FromObjectAsJson(failure, StorageJsonContext.Default.FailedScan);
        await blob.UploadAsync(content, overwrite: true, cancellationToken);
        logger.LogWarning("Scan {ScanId} failed for good: {Reason}", scanId, reason);
    }

    private Task<BlobClient> RecordBlobAsync(string scanId, CancellationToken cancellationToken) =>
        ScanBlobAsync(_options.ScansContainer, scanId, cancellationToken);

    private Task<BlobClient> VerdictBlobAsync(string scanId, CancellationToken cancellationToken) =>
        ScanBlobAsync(_options.VerdictsContainer, scanId, cancellationToken);

    private async Task<BlobClient> EvidenceBlobAsync(string name, CancellationToken cancellationToken) =>
        (await _containers.GetAsync(_options.EvidenceContainer, cancellationToken)).GetBlobClient(name);

    /// <summary>The blob <c>{scanId}.json</c> in a container; the id is validated before anything else.</summary>
    private async Task<BlobClient> ScanBlobAsync(string container, string scanId, CancellationToken cancellationToken)
    {
        var name = ScanIds.Validate(scanId) + ".json";
        return (await _containers.GetAsync(container, cancellationToken)).GetBlobClient(name);
    }

    private static BinaryData Serialize(ScanRecord record) =>
        BinaryData.FromObjectAsJson(record, StorageJsonContext.Default.ScanRecord);

    private static ScanRecord Deserialize(BinaryData content) =>
        content.ToObjectFromJson(StorageJsonContext.Default.ScanRecord)
        ?? throw new InvalidDataException("A scan record blob holds JSON null.");
}
