using DeepScan.Workflow.Orchestration;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Scans;

/// <summary>Runs a scan to its end inside this process, for <c>deepscan scan</c> and <c>deepscan serve</c>.</summary>
/// <remarks>The scan's record must exist first (<see cref="Storage.IScanStore.TryCreateAsync"/>).</remarks>
public sealed class InProcessScanRunner(
    ScanWorkflow workflow, ScanTaskRegistry registry, TimeProvider timeProvider, IOptions<ScanOptions> options)
{
    public Task<ScanWorkflowResult> RunAsync(ScanWorkflowInput input, CancellationToken cancellationToken)
    {
        var context = new InProcessScanContext(
            input.ScanId, registry, timeProvider, options.Value.MaxConcurrentActivities, cancellationToken);
        return workflow.RunAsync(context, input);
    }
}
