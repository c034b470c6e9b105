namespace DeepScan.Workflow.Orchestration;

/// <summary>
/// Runs an orchestrator for real inside this process (<c>deepscan scan</c> and <c>serve</c>): activities are
/// invoked directly, payloads still round-trip through JSON, retries wait their policy's delays on
/// <see cref="TimeProvider"/>, and at most a fixed number of activities run at once.
/// </summary>
/// <remarks>Nothing is replayed here, so <see cref="IsReplaying"/> is always false. A durable timer waits here for
/// real; a host that limits how many scans run at once learns of the first (<c>waiting</c>), so that a scan waiting to
/// retry a webhook, as an orchestration waiting on Durable Functions holds no worker, holds no scan slot either.
/// </remarks>
public sealed class InProcessScanContext : IScanContext
{
    private readonly ScanTaskRegistry registry;
    private readonly TimeProvider timeProvider;
    private readonly SemaphoreSlim activitySlots;
    private readonly CancellationToken cancellationToken;
    private readonly Action? waiting;

    /// <param name="maxConcurrentActivities">How many activities may run at once across this context and its
    /// sub-orchestrations (Durable's <c>maxConcurrentActivityFunctions</c>).</param>
    /// <param name="waiting">Called (once) when this orchestration or a child first waits on a durable timer.</param>
    public InProcessScanContext(
        string instanceId,
        ScanTaskRegistry registry,
        TimeProvider timeProvider,
        int maxConcurrentActivities,
        CancellationToken cancellationToken,
        Action? waiting = null)
        : this(instanceId, registry, timeProvider, NewSlots(maxConcurrentActivities), cancellationToken, Once(waiting))
    {
    }

    private InProcessScanContext(
        string instanceId,
        ScanTaskRegistry registry,
        TimeProvider timeProvider,
        SemaphoreSlim activitySlots,
        CancellationToken cancellationToken,
        Action? waiting)
    {
        InstanceId = instanceId;
        this.registry = registry;
        this.timeProvider = timeProvider;
        this.activitySlots = activitySlots;
        this.cancellationToken = cancellationToken;
        this.waiting = waiting;
    }

    public string InstanceId { get; }

    public DateTime CurrentUtcDateTime => timeProvider.GetUtcNow().UtcDateTime;

    public bool IsReplaying => false;

    public async Task<TResult> CallActivityAsync<TResult>(
        string name, object? input = null, ScanTaskOptions? options = null) =>
        TaskPayloads.Deserialize<TResult>(await RunActivityAsync(name, input, options));

    public Task CallActivityAsync(string name, object? input = null, ScanTaskOptions? options = null) =>
        RunActivityAsync(name, input, options);

    public async Task<TResult> CallSubOrchestratorAsync<TResult>(
        string orchestratorName, string instanceId, object? input = null, ScanTaskOptions? options = null)
    {
        var orchestrator = registry.GetOrchestrator(orchestratorName);
        var payload = TaskPayloads.Serialize(input);
        var child = new InProcessScanContext(
            instanceId, registry, timeProvider, activitySlots, cancellationToken, waiting);
        var result = await WithRetriesAsync(orchestratorName, options?.Retry, async () =>
            TaskPayloads.Serialize(
                await orchestrator.RunAsync(child, TaskPayloads.Deserialize(payload, orchestrator.InputType))));
        return TaskPayloads.Deserialize<TResult>(result);
    }

    public async Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        waiting?.Invoke();
        var delay = fireAt - CurrentUtcDateTime;
        if (delay > TimeSpan.Zero)
        {
            using var linked =
                CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, this.cancellationToken);
            await Task.Delay(delay, timeProvider, linked.Token);
        }
    }

    private Task<string?> RunActivityAsync(string name, object? input, ScanTaskOptions? options)
    {
        var activity = registry.GetActivity(name);
        var payload = TaskPayloads.Serialize(input);
        return WithRetriesAsync(name, options?.Retry, async () =>
        {
            await activitySlots.WaitAsync(cancellationToken);
            try
            {
                var argument = TaskPayloads.Deserialize(payload, activity.InputType);
                return TaskPayloads.Serialize(await activity.InvokeAsync(argument, cancellationToken));
            }
            finally
            {
                activitySlots.Release();
            }
        });
    }

    private async Task<string?> WithRetriesAsync(string name, ScanRetryPolicy? retry, Func<Task<string?>> attemptAsync)
    {
        var attempts = retry?.MaxNumberOfAttempts ?? 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await attemptAsync();
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt >= attempts || retry?.Retries(ex.GetType().FullName) == false)
                {
                    throw new ScanTaskFailedException(name, ex.GetType().FullName ?? ex.GetType().Name, ex.Message, ex);
                }

                await Task.Delay(retry!.DelayAfterAttempt(attempt), timeProvider, cancellationToken);
            }
        }
    }

    private static Action? Once(Action? action)
    {
        if (action is null)
        {
            return null;
        }

        var called = 0;
        return () =>
        {
            if (Interlocked.Exchange(ref called, 1) == 0)
            {
                action();
            }
        };
    }

    private static SemaphoreSlim NewSlots(int maxConcurrentActivities)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentActivities, 1);
        return new SemaphoreSlim(maxConcurrentActivities, maxConcurrentActivities);
    }
}
