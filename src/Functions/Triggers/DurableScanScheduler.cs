using DeepScan.Workflow.Scans;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DeepScan.Functions.Triggers;

/// <summary>Schedules the scan orchestration through the invocation's Durable client, with the scan id as the
/// instance id, so an instance that exists already is left alone.</summary>
public sealed class DurableScanScheduler(DurableTaskClient client) : IScanScheduler
{
    public async Task<bool> ScheduleAsync(ScanWorkflowInput input, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(input.ScanId, cancellationToken) is not null)
        {
            return false;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(
            ScanWorkflow.Name,
            input,
            new StartOrchestrationOptions { InstanceId = input.ScanId },
            cancellationToken);
        return true;
    }
}
