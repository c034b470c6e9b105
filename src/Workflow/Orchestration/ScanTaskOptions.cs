namespace DeepScan.Workflow.Orchestration;

/// <summary>Options for one activity or sub-orchestration call, as durabletask-dotnet's <c>TaskOptions</c>.</summary>
/// <param name="Retry">How failures are retried; null for a single attempt.</param>
public sealed record ScanTaskOptions(ScanRetryPolicy? Retry)
{
    public static ScanTaskOptions FromRetryPolicy(ScanRetryPolicy policy) => new(policy);
}
