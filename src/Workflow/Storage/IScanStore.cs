using DeepScan.Detection;
using DeepScan.Detection.Evidence;

namespace DeepScan.Workflow.Storage;

/// <summary>Scan records, verdict documents and evidence. Filesystem by default, Azure Blob Storage when configured.
/// </summary>
/// <remarks>
/// Verdicts and evidence are write-once per scan id: a later scan of other content has another id, so nothing stored
/// is ever overwritten. Implementations are safe for concurrent use.
/// </remarks>
public interface IScanStore
{
    /// <summary>Creates the record unless one with its id exists; false when it does (a duplicate trigger).</summary>
    Task<bool> TryCreateAsync(ScanRecord record, CancellationToken cancellationToken);

    Task<ScanRecord?> GetAsync(string scanId, CancellationToken cancellationToken);

    /// <summary>The id of every scan with a record, in id order (a host's sweep at start, say).</summary>
    IAsyncEnumerable<string> ListScanIdsAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the record of an existing scan (status changes, deliveries).</summary>
    /// <exception cref="ScanNotFoundException">The scan has no record.</exception>
    Task UpdateAsync(ScanRecord record, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the current record and stores the result.</summary>
    /// <remarks>Optimistic concurrency: when another writer got in between, the change is re-applied to the newer
    /// record, so parallel updates (webhook deliveries, say) never lose each other's changes. The change may run
    /// more than once and must not alter the id.</remarks>
    /// <exception cref="ScanNotFoundException">The scan has no record.</exception>
    Task<ScanRecord> UpdateAsync(
        string scanId, Func<ScanRecord, ScanRecord> change, CancellationToken cancellationToken);

    /// <summary>Writes the verdict once and returns its URL (a blob URL or a file URI).</summary>
    /// <remarks>Writing the same scan id again with identical content succeeds (activity retries); different
    /// content for an existing verdict throws <see cref="InvalidOperationException"/>.</remarks>
    Task<string> WriteVerdictAsync(string scanId, VerdictDocument verdict, CancellationToken cancellationToken);

    Task<VerdictDocument?> ReadVerdictAsync(string scanId, CancellationToken cancellationToken);

    /// <summary>Keeps one scored chunk's face thumbnails, for the scan's evidence sheet.</summary>
    /// <remarks>Write-once per chunk: the same content again succeeds; different content throws
    /// <see cref="EvidenceConflictException"/> and the first stays.</remarks>
    Task WriteChunkEvidenceAsync(string scanId, ChunkEvidence evidence, CancellationToken cancellationToken);

    /// <summary>Every chunk's kept thumbnails, in chunk order; empty when none were kept.</summary>
    Task<IReadOnlyList<ChunkEvidence>> ReadChunkEvidenceAsync(string scanId, CancellationToken cancellationToken);

    /// <summary>Writes the scan's evidence sheet (PNG) once and returns its URL (a blob URL or a file URI).</summary>
    /// <remarks>As verdicts: the same bytes again succeed; different bytes throw
    /// <see cref="EvidenceConflictException"/> and the first sheet stays.</remarks>
    Task<string> WriteEvidenceAsync(string scanId, ReadOnlyMemory<byte> png, CancellationToken cancellationToken);

    /// <summary>The scan's evidence sheet (PNG bytes); null when it has none.</summary>
    Task<byte[]?> ReadEvidenceAsync(string scanId, CancellationToken cancellationToken);

    /// <summary>Keeps a record of a scan that failed for good (the poison/failed container).</summary>
    Task RecordFailureAsync(string scanId, string reason, CancellationToken cancellationToken);
}

/// <summary>A stored upload: its name, version (ETag or content sha256) and size.</summary>
public sealed record StoredVideo(string Name, string Version, long Bytes);

/// <summary>The uploads container: where videos land and where ffmpeg reads them from.</summary>
public interface IVideoStore
{
    /// <summary>Stores an upload under a safe unique name (never replacing an existing blob).</summary>
    Task<StoredVideo> SaveAsync(string fileName, Stream content, CancellationToken cancellationToken);

    /// <summary>Removes an upload <see cref="SaveAsync"/> stored for a request that was then refused, so it is neither
    /// kept nor scanned; only that version (a blob rewritten since stays). Nothing happens when it is gone.</summary>
    Task DiscardAsync(StoredVideo video, CancellationToken cancellationToken);

    /// <summary>The properties of an existing upload; null when there is none by that name.</summary>
    Task<StoredVideo?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Where the upload lives, without any credential: the blob URL or a file URI. Safe to publish.</summary>
    string LocationOf(string name);

    /// <summary>A reference ffmpeg can read: a local path, or a short-lived read URL for a blob.</summary>
    Task<VideoRef> ResolveAsync(string name, CancellationToken cancellationToken);
}
