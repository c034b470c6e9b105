namespace DeepScan.Workflow.Activities;

/// <summary>An activity was asked about a scan the store has no record of: the host did not create it first.</summary>
public sealed class ScanNotFoundException(string scanId)
    : Exception($"No scan record '{scanId}' exists; create the record before starting its workflow.")
{
    public string ScanId { get; } = scanId;
}
