using DeepScan.Detection.Evidence;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Logging;

namespace DeepScan.Workflow.Activities;

/// <summary>A scan's evidence: each scored chunk's face thumbnails, kept in the store, and the sheet drawn from them.
/// </summary>
/// <remarks>Thumbnails never travel through Durable history: chunks may be scored on different machines, so each
/// ScoreChunk writes its own to the store and RenderEvidence reads them all back.</remarks>
public sealed class ScanEvidenceActivities(IScanStore store, ILogger<ScanEvidenceActivities> logger)
{
    /// <summary>Keeps one chunk's thumbnails (ScoreChunk calls it). A retried chunk whose faces came out otherwise
    /// keeps the first attempt's: the sheet shows a thumbnail only beside the face with its box.</summary>
    public async Task KeepChunkAsync(string scanId, ChunkEvidence evidence, CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteChunkEvidenceAsync(scanId, evidence, cancellationToken);
        }
        catch (EvidenceConflictException)
        {
            logger.LogWarning(
                "Scan {ScanId}: chunk {Chunk} was scored again with other faces; its first thumbnails are kept",
                scanId, evidence.ChunkIndex);
        }
    }

    /// <summary>RenderEvidence: draws the scan's sheet from its verdict and kept thumbnails and stores it once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The scan has no verdict yet.</exception>
    public async Task RenderEvidenceAsync(string scanId, CancellationToken cancellationToken)
    {
        var verdict = await store.ReadVerdictAsync(scanId, cancellationToken)
            ?? throw new InvalidOperationException($"Scan {scanId} has no verdict to draw an evidence sheet for.");
        var chunks = await store.ReadChunkEvidenceAsync(scanId, cancellationToken);
        var shown = EvidenceSheet.FacesShown(verdict);
        var png = EvidenceSheet.RenderPng(verdict, chunks.SelectMany(c => c.Thumbnails(shown)));
        try
        {
            await store.WriteEvidenceAsync(scanId, png, cancellationToken);
        }
        catch (EvidenceConflictException)
        {
            // An earlier attempt stored its sheet, drawn from the same write-once inputs; it stays.
            logger.LogInformation("Scan {ScanId} already has its evidence sheet; kept", scanId);
        }
    }
}
