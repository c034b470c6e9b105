using DeepScan.Workflow.Scans;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace DeepScan.Functions.Orchestration;

/// <summary>The workflow's orchestrators as Durable orchestrator functions, names and bodies its own.</summary>
public sealed class ScanOrchestrators(ScanWorkflow workflow, ScanChunkBatchWorkflow batches)
{
    [Function(ScanWorkflow.Name)]
    public Task<ScanWorkflowResult> RunScan([OrchestrationTrigger] TaskOrchestrationContext context) =>
        workflow.RunAsync(new DurableScanContext(context), InputOf<ScanWorkflowInput>(context));

    [Function(ScanChunkBatchWorkflow.Name)]
    public Task<ChunkBatchResult> RunChunkBatch([OrchestrationTrigger] TaskOrchestrationContext context) =>
        batches.RunAsync(new DurableScanContext(context), InputOf<ChunkBatchInput>(context));

    private static T InputOf<T>(TaskOrchestrationContext context) where T : class =>
        context.GetInput<T>() ?? throw new InvalidOperationException(
            $"Orchestration '{context.InstanceId}' was started without its {typeof(T).Name}.");
}
