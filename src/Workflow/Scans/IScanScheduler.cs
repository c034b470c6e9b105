namespace DeepScan.Workflow.Scans;

/// <summary>Hands a scan's workflow to whatever runs it: Durable Functions in Azure, a background queue locally.
/// </summary>
public interface IScanScheduler
{
    /// <summary>Starts the workflow run whose id is <see cref="ScanWorkflowInput.ScanId"/> unless one exists.</summary>
    /// <returns>True when this call started a new run; false when a run with that id was already there.</returns>
    Task<bool> ScheduleAsync(ScanWorkflowInput input, CancellationToken cancellationToken);
}
