using DeepScan.Workflow.Orchestration;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Scans;

/// <summary>Runs a scan to its end inside this process, for <c>deepscan scan</c> and <c>deepscan serve</c>.</summary>
/// <remarks>The scan's record must exist first (<see cref="Storage.IScanStore.TryCreateAsync"/>).</remarks>
public sealed class InProcessScanRunner(
    ScanWorkflow workflow, ScanTaskRegistry registry, TimeProvider timeProvider, IOptions<ScanOptions> options)
{
    /// <param name="waiting">Called once, when the scan first waits on a durable timer (a webhook retry's backoff,
    /// after the scan itself has finished).</param>
    public Task<ScanWorkflowResult> RunAsync(
        ScanWorkflowInput input, CancellationToken cancellationToken, Action? waiting = null)
    {
        var context = new InProcessScanContext(
            input.ScanId, registry, timeProvider, options.Value.MaxConcurrentActivities, cancellationToken, waiting);
        return workflow.RunAsync(context, input);
    }
}
