using DeepScan.Workflow.Scans;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace DeepScan.Functions.Orchestration;

/// <summary>The workflow's orchestrators as Durable orchestrator functions, names and bodies its own.</summary>
/// <remarks>
/// The input is a parameter, which the Durable extension binds from the orchestration's input: Durable Task reads it
/// as <c>object</c> first, then the extension converts it with the worker's JSON options (see
/// <see cref="DurablePayloadJson"/>).
/// </remarks>
public sealed class ScanOrchestrators(ScanWorkflow workflow, ScanChunkBatchWorkflow batches)
{
    [Function(ScanWorkflow.Name)]
    public Task<ScanWorkflowResult> RunScan(
        [OrchestrationTrigger] TaskOrchestrationContext context, ScanWorkflowInput input) =>
        workflow.RunAsync(new DurableScanContext(context), Required(context, input));

    [Function(ScanChunkBatchWorkflow.Name)]
    public Task<ChunkBatchResult> RunChunkBatch(
        [OrchestrationTrigger] TaskOrchestrationContext context, ChunkBatchInput input) =>
        batches.RunAsync(new DurableScanContext(context), Required(context, input));

    private static T Required<T>(TaskOrchestrationContext context, T? input) where T : class =>
        input ?? throw new InvalidOperationException(
            $"Orchestration '{context.InstanceId}' was started without its {typeof(T).Name}.");
}
