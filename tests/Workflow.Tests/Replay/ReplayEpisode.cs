using DeepScan.Workflow.Orchestration;

namespace DeepScan.Workflow.Tests.Replay;

/// <summary>
/// One execution of an orchestrator from its first line, as the Durable Task Framework runs it after every batch of
/// new events: every call is matched against the recorded history by position, recorded outcomes are delivered in
/// their recorded order, and <see cref="IsReplaying"/> is true until the first outcome this episode has not seen.
/// Activity retries and their timers are scheduled by the context, as Durable's retry interceptor does.
/// </summary>
internal sealed class ReplayEpisode(ReplayHistory history, int outcomesSeenBefore, bool isFirstEpisode) : IScanContext
{
    private readonly Dictionary<int, Action<CompletedTask>> awaiting = [];
    private ReplayViolationException? violation;
    private int nextId;

    public string InstanceId => history.InstanceId;

    public DateTime CurrentUtcDateTime { get; private set; } = history.StartedAt;

    public bool IsReplaying { get; private set; } = !isFirstEpisode;

    /// <summary>Every call this episode made, replayed or new, in order.</summary>
    public List<ScheduledTask> Calls { get; } = [];

    public async Task<TResult> CallActivityAsync<TResult>(
        string name, object? input = null, ScanTaskOptions? options = null) =>
        TaskPayloads.Deserialize<TResult>(await ActivityWithRetriesAsync(name, input, options));

    public Task CallActivityAsync(string name, object? input = null, ScanTaskOptions? options = null) =>
        ActivityWithRetriesAsync(name, input, options);

    public async Task<TResult> CallSubOrchestratorAsync<TResult>(
        string orchestratorName, string instanceId, object? input = null, ScanTaskOptions? options = null)
    {
        var payload = TaskPayloads.Serialize(input);
        var result = await WithRetriesAsync(options?.Retry, () => Schedule(
            ScheduledKind.SubOrchestration, orchestratorName, payload, instanceId, null));
        return TaskPayloads.Deserialize<TResult>(result);
    }

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        Schedule(ScheduledKind.Timer, "timer", null, null, fireAt);

    /// <summary>Runs the orchestrator through the history; returns its task (complete, or awaiting new work).</summary>
    public Task<object?> Run(RegisteredOrchestrator orchestrator, EpisodeSynchronizationContext pump)
    {
        Task<object?>? run = null;
        var input = TaskPayloads.Deserialize(history.Input, orchestrator.InputType);
        pump.Post(_ => run = orchestrator.RunAsync(this, input), null);
        Pump(pump);
        for (var i = 0; i < history.Completed.Count; i++)
        {
            if (run!.IsCompleted)
            {
                throw new ReplayViolationException(
                    $"{history.InstanceId}: the orchestrator finished before consuming its history (outcome {i}).");
            }

            var outcome = history.Completed[i];
            IsReplaying = i < outcomesSeenBefore;
            CurrentUtcDateTime = outcome.Timestamp;
            if (!awaiting.Remove(outcome.Id, out var deliver))
            {
                throw new ReplayViolationException(
                    $"{history.InstanceId}: history has an outcome for task {outcome.Id} "
                    + $"({history.Scheduled[outcome.Id].Name}), which this replay did not schedule.");
            }

            pump.Post(_ => deliver(outcome), null);
            Pump(pump);
        }

        IsReplaying = false;
        if (run!.IsCompleted && nextId != history.Scheduled.Count)
        {
            throw new ReplayViolationException(
                $"{history.InstanceId}: the replay scheduled {nextId} tasks; history has {history.Scheduled.Count}.");
        }

        if (!run.IsCompleted && awaiting.Count == 0)
        {
            throw new ReplayViolationException(
                $"{history.InstanceId}: the orchestrator is waiting on something that is not a context call.");
        }

        return run;
    }

    private void Pump(EpisodeSynchronizationContext pump)
    {
        pump.RunUntilIdle();
        if (violation is not null)
        {
            throw violation;
        }
    }

    private Task<string?> ActivityWithRetriesAsync(string name, object? input, ScanTaskOptions? options)
    {
        var payload = TaskPayloads.Serialize(input);
        return WithRetriesAsync(options?.Retry, () => Schedule(ScheduledKind.Activity, name, payload, null, null));
    }

    private async Task<string?> WithRetriesAsync(ScanRetryPolicy? retry, Func<Task<string?>> attemptAsync)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await attemptAsync();
            }
            catch (ScanTaskFailedException ex)
                when (retry is not null && attempt < retry.MaxNumberOfAttempts && retry.Retries(ex.ErrorType))
            {
                await CreateTimer(CurrentUtcDateTime + retry.DelayAfterAttempt(attempt), CancellationToken.None);
            }
        }
    }

    private Task<string?> Schedule(ScheduledKind kind, string name, string? payload, string? childId, DateTime? fireAt)
    {
        var task = new ScheduledTask(nextId++, kind, name, payload, childId, fireAt);
        if (task.Id < history.Scheduled.Count)
        {
            if (history.Scheduled[task.Id] != task)
            {
                // Thrown inside the orchestrator, so it is also kept to fail the episode whatever the code catches.
                violation ??= new ReplayViolationException(
                    $"{history.InstanceId}: non-deterministic replay at task {task.Id}: history has "
                    + $"{history.Scheduled[task.Id]}, the replay asked for {task}.");
                throw violation;
            }
        }
        else
        {
            history.Scheduled.Add(task);
        }

        Calls.Add(task);
        var completion = new TaskCompletionSource<string?>();
        awaiting.Add(task.Id, outcome =>
        {
            if (outcome.Failed)
            {
                completion.SetException(
                    new ScanTaskFailedException(name, outcome.FailureType!, outcome.FailureMessage!));
            }
            else
            {
                completion.SetResult(outcome.Result);
            }
        });
        return completion.Task;
    }
}
