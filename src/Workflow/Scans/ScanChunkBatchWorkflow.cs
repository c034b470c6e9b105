using DeepScan.Workflow.Orchestration;

namespace DeepScan.Workflow.Scans;

/// <summary>
/// Scores up to <see cref="ScanWorkflow.MaxChunksPerOrchestration"/> chunks as a sub-orchestration, so a long
/// video's fan-out is split over several histories instead of growing one without bound.
/// </summary>
/// <remarks>The replay rules of <see cref="ScanWorkflow"/> apply here too.</remarks>
public sealed class ScanChunkBatchWorkflow
{
    public const string Name = "ScanChunkBatch";

    public Task<ChunkBatchResult> RunAsync(IScanContext context, ChunkBatchInput input) =>
        ChunkFanOut.ScoreAsync(context, input);
}
