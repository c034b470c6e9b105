using System.Collections.Concurrent;
using DeepScan.Detection;
using DeepScan.Detection.Evidence;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Tests.Fakes;

/// <summary>An in-memory <see cref="IScanStore"/> with the interface's write-once verdict rule; the real stores live
/// on the storage branch.</summary>
internal sealed class InMemoryScanStore : IScanStore
{
    private readonly ConcurrentDictionary<string, ScanRecord> records = new();
    private readonly ConcurrentDictionary<string, string> verdicts = new();
    private readonly ConcurrentDictionary<(string ScanId, int Chunk), string> chunkEvidence = new();
    private readonly ConcurrentDictionary<string, byte[]> sheets = new();

    public ConcurrentQueue<(string ScanId, string Reason)> Failures { get; } = new();

    /// <summary>How many verdict writes throw before one succeeds (int.MaxValue: all of them).</summary>
    public int VerdictWriteFailures { get; set; }

    /// <summary>How many evidence sheet writes throw before one succeeds (int.MaxValue: all of them).</summary>
    public int SheetWriteFailures { get; set; }

    public Task<bool> TryCreateAsync(ScanRecord record, CancellationToken cancellationToken) =>
        Task.FromResult(records.TryAdd(record.Id, record));

    public Task<ScanRecord?> GetAsync(string scanId, CancellationToken cancellationToken) =>
        Task.FromResult(records.GetValueOrDefault(scanId));

    public IAsyncEnumerable<string> ListScanIdsAsync(CancellationToken cancellationToken) =>
        records.Keys.ToAsyncEnumerable();

    public Task UpdateAsync(ScanRecord record, CancellationToken cancellationToken)
    {
        if (!records.ContainsKey(record.Id))
        {
            throw new InvalidOperationException($"No scan '{record.Id}' to update.");
        }

        records[record.Id] = record;
        return Task.CompletedTask;
    }

    public Task<ScanRecord> UpdateAsync(
        string scanId, Func<ScanRecord, ScanRecord> change, CancellationToken cancellationToken)
    {
        lock (records)
        {
            if (!records.TryGetValue(scanId, out var current))
            {
                throw new ScanNotFoundException(scanId);
            }

            var updated = change(current);
            records[scanId] = updated;
            return Task.FromResult(updated);
        }
    }

    public Task<string> WriteVerdictAsync(string scanId, VerdictDocument verdict, CancellationToken cancellationToken)
    {
        if (VerdictWriteFailures > 0)
        {
            VerdictWriteFailures--;
            throw new IOException("The verdict container is unavailable.");
        }

        var json = WorkflowJson.Serialize(verdict);
        if (verdicts.GetOrAdd(scanId, json) != json)
        {
            throw new InvalidOperationException($"Scan '{scanId}' already has a different verdict.");
        }

        return Task.FromResult($"memory://verdicts/{scanId}.json");
    }

    public Task<VerdictDocument?> ReadVerdictAsync(string scanId, CancellationToken cancellationToken) =>
        Task.FromResult(
            verdicts.TryGetValue(scanId, out var json) ? WorkflowJson.Deserialize<VerdictDocument>(json) : null);

    public Task WriteChunkEvidenceAsync(string scanId, ChunkEvidence evidence, CancellationToken cancellationToken)
    {
        var json = WorkflowJson.Serialize(evidence);
        if (chunkEvidence.GetOrAdd((scanId, evidence.ChunkIndex), json) != json)
        {
            throw new EvidenceConflictException(scanId, $"chunk {evidence.ChunkIndex}");
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ChunkEvidence>> ReadChunkEvidenceAsync(string scanId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChunkEvidence>>(chunkEvidence
            .Where(e => e.Key.ScanId == scanId)
            .OrderBy(e => e.Key.Chunk)
            .Select(e => WorkflowJson.Deserialize<ChunkEvidence>(e.Value)!)
            .ToList());

    public Task<string> WriteEvidenceAsync(string scanId, ReadOnlyMemory<byte> png, CancellationToken cancellationToken)
    {
        if (SheetWriteFailures > 0)
        {
            SheetWriteFailures--;
            throw new IOException("The evidence container is unavailable.");
        }

        if (!sheets.GetOrAdd(scanId, png.ToArray()).AsSpan().SequenceEqual(png.Span))
        {
            throw new EvidenceConflictException(scanId, "the sheet");
        }

        return Task.FromResult($"memory://evidence/{scanId}.png");
    }

    public Task<byte[]?> ReadEvidenceAsync(string scanId, CancellationToken cancellationToken) =>
        Task.FromResult(sheets.GetValueOrDefault(scanId));

    public Task RecordFailureAsync(string scanId, string reason, CancellationToken cancellationToken)
    {
        Failures.Enqueue((scanId, reason));
        return Task.CompletedTask;
    }
}
