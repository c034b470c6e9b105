using DeepScan.Detection;
using DeepScan.Workflow.Orchestration;

namespace DeepScan.Workflow.Scans;

/// <summary>
/// Scores a batch of chunks as one fan-out of ScoreChunk activities and one fan-in. A chunk that still fails after
/// its retries becomes a <see cref="ChunkFailure"/>, so one bad chunk costs a partial verdict, not the scan.
/// </summary>
internal static class ChunkFanOut
{
    public static async Task<ChunkBatchResult> ScoreAsync(IScanContext context, ChunkBatchInput batch)
    {
        var outcomes = await Task.WhenAll(batch.Chunks.Select(chunk => ScoreOneAsync(context, batch, chunk)));
        return new ChunkBatchResult(
            outcomes.Where(o => o.Scores is not null).Select(o => o.Scores!).ToArray(),
            outcomes.Where(o => o.Failure is not null).Select(o => o.Failure!).ToArray());
    }

    private static async Task<ChunkOutcome> ScoreOneAsync(
        IScanContext context, ChunkBatchInput batch, PlannedChunk chunk)
    {
        try
        {
            var scores = await context.CallActivityAsync<ChunkScores>(
                ScanActivityNames.ScoreChunk,
                new ScoreChunkInput(batch.VideoName, batch.Info, chunk, batch.EvidenceFor),
                ScanRetryPolicies.ScoreChunk);
            return new ChunkOutcome(scores, null);
        }
        catch (ScanTaskFailedException ex)
        {
            return new ChunkOutcome(null, new ChunkFailure(chunk.Index, ex.ErrorMessage));
        }
    }

    private readonly record struct ChunkOutcome(ChunkScores? Scores, ChunkFailure? Failure);
}
