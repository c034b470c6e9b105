using System.Collections.Concurrent;
using DeepScan.Detection;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Tests.Fakes;

/// <summary>An in-memory <see cref="IScanStore"/> with the interface's write-once verdict rule; the real stores live
/// on the storage branch.</summary>
internal sealed class InMemoryScanStore : IScanStore
{
    private readonly ConcurrentDictionary<string, ScanRecord> records = new();
    private readonly ConcurrentDictionary<string, string> verdicts = new();

    public ConcurrentQueue<(string ScanId, string Reason)> Failures { get; } = new();

    /// <summary>How many verdict writes throw before one succeeds (int.MaxValue: all of them).</summary>
    public int VerdictWriteFailures { get; set; }

    public Task<bool> TryCreateAsync(ScanRecord record, CancellationToken cancellationToken) =>
        Task.FromResult(records.TryAdd(record.Id, record));

    public Task<ScanRecord?> GetAsync(string scanId, CancellationToken cancellationToken) =>
        Task.FromResult(records.GetValueOrDefault(scanId));

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

    public Task RecordFailureAsync(string scanId, string reason, CancellationToken cancellationToken)
    {
        Failures.Enqueue((scanId, reason));
        return Task.CompletedTask;
    }
}
