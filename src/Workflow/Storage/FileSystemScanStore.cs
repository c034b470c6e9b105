using System.Runtime.CompilerServices;
using System.Text.Json;
using DeepScan.Detection;
using DeepScan.Detection.Evidence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Storage;

/// <summary>
/// The embedded store: scan records, verdicts and failures as JSON files in the <c>scans</c>, <c>verdicts</c> and
/// <c>failed</c> folders under <see cref="StorageOptions.RootPath"/>; evidence sheets and chunk thumbnails in
/// <c>evidence</c> (<c>{scanId}.png</c>, <c>{scanId}/chunk-NNNNNN.json</c>).
/// </summary>
/// <remarks>
/// Every write goes to a temp file that is renamed into place, so readers never see half a file. Creates, verdicts
/// and updates hold the file's lock (<see cref="FileLock"/>), so one create wins and no update is lost, also when
/// several processes share one root. Only validated scan ids name files.
/// </remarks>
public sealed class FileSystemScanStore(
    IOptions<StorageOptions> options, TimeProvider time, ILogger<FileSystemScanStore> logger) : IScanStore
{
    private readonly StorageOptions _options = options.Value;
    private readonly FileSystemFolders _folders = new(options.Value.RootPath);

    public async Task<bool> TryCreateAsync(ScanRecord record, CancellationToken cancellationToken)
    {
        var path = RecordPath(record.Id);
        var created = await AtomicFile.TryCreateAsync(path, Serialize(record), cancellationToken);
        if (!created)
        {
            logger.LogDebug("Scan {ScanId} already has a record; not created again", record.Id);
        }

        return created;
    }

    public Task<ScanRecord?> GetAsync(string scanId, CancellationToken cancellationToken) =>
        ReadRecordAsync(RecordPath(scanId), cancellationToken);

    public async IAsyncEnumerable<string> ListScanIdsAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_folders.Root, _options.ScansContainer);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        // In name order, as a blob container lists them.
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Temp files of writes in progress and anything else dropped there are not records.
            if (Path.GetFileNameWithoutExtension(file) is var id && ScanIds.IsValid(id))
            {
                yield return id;
            }
        }

        await Task.CompletedTask;
    }

    public Task UpdateAsync(ScanRecord record, CancellationToken cancellationToken) =>
        UpdateAsync(record.Id, _ => record, cancellationToken);

    public async Task<ScanRecord> UpdateAsync(
        string scanId, Func<ScanRecord, ScanRecord> change, CancellationToken cancellationToken)
    {
        var path = RecordPath(scanId);
        using var _ = await FileLock.AcquireAsync(path, cancellationToken);
        var current = await ReadRecordAsync(path, cancellationToken) ?? throw new ScanNotFoundException(scanId);
        var updated = ScanRecordChange.Apply(current, change);
        await AtomicFile.ReplaceAsync(path, Serialize(updated), cancellationToken);
        return updated;
    }

    public async Task<string> WriteVerdictAsync(
        string scanId, VerdictDocument verdict, CancellationToken cancellationToken)
    {
        var path = ScanFile(_options.VerdictsContainer, scanId);
        var content = JsonSerializer.SerializeToUtf8Bytes(verdict, DetectionJsonContext.Default.VerdictDocument);
        if (!await AtomicFile.TryCreateOrMatchAsync(path, content, cancellationToken))
        {
            throw new VerdictConflictException(scanId);
        }

        return new Uri(path).AbsoluteUri;
    }

    public async Task<VerdictDocument?> ReadVerdictAsync(string scanId, CancellationToken cancellationToken)
    {
        var path = ScanFile(_options.VerdictsContainer, scanId);
        var content = await ReadIfExistsAsync(path, cancellationToken);
        return content is null
            ? null
            : JsonSerializer.Deserialize(content, DetectionJsonContext.Default.VerdictDocument);
    }

    public async Task WriteChunkEvidenceAsync(
        string scanId, ChunkEvidence evidence, CancellationToken cancellationToken)
    {
        var path = _folders.FileIn(
            _options.EvidenceContainer, EvidenceNames.Chunk(ScanIds.Validate(scanId), evidence.ChunkIndex));
        var content = JsonSerializer.SerializeToUtf8Bytes(evidence, DetectionJsonContext.Default.ChunkEvidence);
        if (!await AtomicFile.TryCreateOrMatchAsync(path, content, cancellationToken))
        {
            throw new EvidenceConflictException(scanId, $"chunk {evidence.ChunkIndex}");
        }
    }

    public async Task<IReadOnlyList<ChunkEvidence>> ReadChunkEvidenceAsync(
        string scanId, CancellationToken cancellationToken)
    {
        var folder = _folders.FileIn(_options.EvidenceContainer, EvidenceNames.ChunkFolder(ScanIds.Validate(scanId)));
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var chunks = new List<ChunkEvidence>();
        // Temp files of writes in progress start with a dot and never match.
        foreach (var file in Directory.EnumerateFiles(folder, EvidenceNames.ChunkPattern))
        {
            var content = await File.ReadAllBytesAsync(file, cancellationToken);
            chunks.Add(JsonSerializer.Deserialize(content, DetectionJsonContext.Default.ChunkEvidence)
                ?? throw new InvalidDataException($"{file} holds JSON null."));
        }

        return chunks.OrderBy(c => c.ChunkIndex).ToList();
    }

    public async Task<string> WriteEvidenceAsync(
        string scanId, ReadOnlyMemory<byte> png, CancellationToken cancellationToken)
    {
        var path = SheetPath(scanId);
        if (!await AtomicFile.TryCreateOrMatchAsync(path, png, cancellationToken))
        {
            throw new EvidenceConflictException(scanId, "the sheet");
        }

        return new Uri(path).AbsoluteUri;
    }

    public Task<byte[]?> ReadEvidenceAsync(string scanId, CancellationToken cancellationToken) =>
        ReadIfExistsAsync(SheetPath(scanId), cancellationToken);

    public async Task RecordFailureAsync(string scanId, string reason, CancellationToken cancellationToken)
    {
        var path = ScanFile(_options.FailedContainer, scanId);
        var failure = new FailedScan(scanId, reason, time.GetUtcNow(), await GetAsync(scanId, cancellationToken));
        var content = JsonSerializer.SerializeToUtf8Bytes(failure, StorageJsonContext.Default.FailedScan);
        await AtomicFile.ReplaceAsync(path, content, cancellationToken);
        logger.LogWarning("Scan {ScanId} failed for good: {Reason}", scanId, reason);
    }

    private string RecordPath(string scanId) => ScanFile(_options.ScansContainer, scanId);

    private string SheetPath(string scanId) =>
        _folders.FileIn(_options.EvidenceContainer, EvidenceNames.Sheet(ScanIds.Validate(scanId)));

    /// <summary>The file <c>{scanId}.json</c> in a container folder; the id is validated first.</summary>
    private string ScanFile(string container, string scanId) =>
        _folders.FileIn(container, ScanIds.Validate(scanId) + ".json");

    private static byte[] Serialize(ScanRecord record) =>
        JsonSerializer.SerializeToUtf8Bytes(record, StorageJsonContext.Default.ScanRecord);

    private static async Task<ScanRecord?> ReadRecordAsync(string path, CancellationToken cancellationToken)
    {
        var content = await ReadIfExistsAsync(path, cancellationToken);
        return content is null ? null : JsonSerializer.Deserialize(content, StorageJsonContext.Default.ScanRecord);
    }

    private static async Task<byte[]?> ReadIfExistsAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
