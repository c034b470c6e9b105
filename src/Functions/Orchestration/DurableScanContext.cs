using DeepScan.Workflow.Orchestration;
using Microsoft.DurableTask;

namespace DeepScan.Functions.Orchestration;

/// <summary>The workflow's <see cref="IScanContext"/> over Durable's <see cref="TaskOrchestrationContext"/>.</summary>
/// <remarks>Only forwards: every member keeps the replay rules of the Durable member it calls.</remarks>
internal sealed class DurableScanContext(TaskOrchestrationContext context) : IScanContext
{
    public string InstanceId => context.InstanceId;

    public DateTime CurrentUtcDateTime => context.CurrentUtcDateTime;

    public bool IsReplaying => context.IsReplaying;

    public Task<TResult> CallActivityAsync<TResult>(
        string name, object? input = null, ScanTaskOptions? options = null) =>
        Translated(name, () => context.CallActivityAsync<TResult>(name, input, ToDurable(options)));

    public Task CallActivityAsync(string name, object? input = null, ScanTaskOptions? options = null) =>
        Translated(name, () => context.CallActivityAsync<object?>(name, input, ToDurable(options)));

    public Task<TResult> CallSubOrchestratorAsync<TResult>(
        string orchestratorName, string instanceId, object? input = null, ScanTaskOptions? options = null) =>
        Translated(orchestratorName, () => context.CallSubOrchestratorAsync<TResult>(
            orchestratorName, input, (ToDurable(options) ?? new TaskOptions()).WithInstanceId(instanceId)));

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        context.CreateTimer(fireAt, cancellationToken);

    private static TaskOptions? ToDurable(ScanTaskOptions? options) => options?.Retry is { } retry
        ? TaskOptions.FromRetryPolicy(new RetryPolicy(
            retry.MaxNumberOfAttempts, retry.FirstRetryInterval, retry.BackoffCoefficient, retry.MaxRetryInterval)
        {
            HandleFailure = failure => retry.Retries(failure.ErrorType),
        })
        : null;

    private static async Task<T> Translated<T>(string name, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (TaskFailedException ex)
        {
            // Durable reports a failed activity and a failed sub-orchestration alike, after their retries.
            throw new ScanTaskFailedException(name, ex.FailureDetails.ErrorType, ex.FailureDetails.ErrorMessage, ex);
        }
    }
}
