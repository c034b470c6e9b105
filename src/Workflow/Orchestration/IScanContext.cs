using Microsoft.Extensions.Logging;

namespace DeepScan.Workflow.Orchestration;

/// <summary>
/// The orchestration context the scan workflow talks to: a narrow mirror of durabletask-dotnet's
/// <c>TaskOrchestrationContext</c>, run by the Durable Functions adapter in Azure and by
/// <see cref="InProcessScanContext"/> locally.
/// </summary>
/// <remarks>
/// Every member maps one to one onto <c>TaskOrchestrationContext</c>; a failed activity or sub-orchestration
/// (after its retries) surfaces as <see cref="ScanTaskFailedException"/>, which the adapter builds from
/// <c>TaskFailedException.FailureDetails</c>.
/// </remarks>
public interface IScanContext
{
    /// <summary>The orchestration instance id; the scan id for a scan.</summary>
    string InstanceId { get; }

    /// <summary>The replay-safe current time: the same value at the same point of every replay.</summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the orchestrator is re-running history it has already executed.</summary>
    bool IsReplaying { get; }

    /// <summary>Runs an activity and returns its (deserialized) result.</summary>
    /// <param name="input">A small serializable value: it is stored in the orchestration history.</param>
    /// <exception cref="ScanTaskFailedException">The activity failed on its last allowed attempt.</exception>
    Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, ScanTaskOptions? options = null);

    /// <summary>Runs an activity that returns nothing.</summary>
    /// <exception cref="ScanTaskFailedException">The activity failed on its last allowed attempt.</exception>
    Task CallActivityAsync(string name, object? input = null, ScanTaskOptions? options = null);

    /// <summary>Runs another orchestrator as a child with its own (smaller) history, and returns its output.</summary>
    /// <param name="instanceId">A deterministic id derived from this instance's id, never a fresh GUID.</param>
    /// <exception cref="ScanTaskFailedException">The sub-orchestration failed on its last allowed attempt.</exception>
    Task<TResult> CallSubOrchestratorAsync<TResult>(
        string orchestratorName,
        string instanceId,
        object? input = null,
        ScanTaskOptions? options = null);

    /// <summary>A durable timer that completes at <paramref name="fireAt"/> (UTC).</summary>
    Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Wraps <paramref name="logger"/> so that it writes nothing while <see cref="IsReplaying"/>.</summary>
    ILogger CreateReplaySafeLogger(ILogger logger) => new ReplaySafeLogger(this, logger);
}
