using DeepScan.Workflow.Orchestration;

namespace DeepScan.Workflow.Tests.Replay;

/// <summary>The order in which the host completes the tasks an episode left pending.</summary>
internal enum CompletionOrder
{
    AsScheduled,
    Reversed,
}

/// <summary>
/// A test host that runs orchestrators the way Durable Functions does, with no Azure: each episode replays the
/// orchestrator from the start on one thread against its history (<see cref="ReplayEpisode"/>); the work it leaves
/// pending is then executed for real through the registry, its outcomes appended to the history, and the next episode
/// replays again. Sub-orchestrations get histories of their own. When the orchestrator finishes, one more pure replay
/// must reproduce the same calls and the same output.
/// </summary>
internal sealed class DurableReplayHost(ScanTaskRegistry registry)
{
    private static readonly DateTime Epoch = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public CompletionOrder Order { get; init; } = CompletionOrder.AsScheduled;

    /// <summary>How many pending tasks complete between episodes; 1 replays after every single outcome.</summary>
    public int CompletionsPerEpisode { get; init; } = int.MaxValue;

    public async Task<ReplayRun<TResult>> RunAsync<TResult>(string orchestratorName, string instanceId, object? input)
    {
        var run = await RunRawAsync(orchestratorName, instanceId, TaskPayloads.Serialize(input), Epoch);
        if (run.Failure is not null)
        {
            throw run.Failure;
        }

        return new ReplayRun<TResult>(TaskPayloads.Deserialize<TResult>(run.Output), run);
    }

    private async Task<ReplayRunRecord> RunRawAsync(string name, string instanceId, string? input, DateTime startedAt)
    {
        var orchestrator = registry.GetOrchestrator(name);
        var history = new ReplayHistory(instanceId, name, input, startedAt);
        var clock = startedAt;
        var children = new List<ReplayRunRecord>();
        var episodes = 0;
        var seen = 0;
        while (true)
        {
            var episode = new ReplayEpisode(history, seen, isFirstEpisode: episodes == 0);
            var task = RunEpisode(episode, orchestrator);
            episodes++;
            seen = history.Completed.Count;
            if (task.IsCompleted)
            {
                var (output, failure) = Outcome(task);
                VerifyFinalReplay(history, orchestrator, episode.Calls, output, failure);
                return new ReplayRunRecord(history, episodes, episode.Calls, children, output, failure);
            }

            var pending = history.Pending.ToList();
            if (Order == CompletionOrder.Reversed)
            {
                pending.Reverse();
            }

            foreach (var work in pending.Take(CompletionsPerEpisode))
            {
                clock = work.FireAt is { } fireAt && fireAt > clock ? fireAt : clock.AddSeconds(1);
                history.Completed.Add(await ExecuteAsync(work, clock, children));
            }
        }
    }

    private static Task<object?> RunEpisode(ReplayEpisode episode, RegisteredOrchestrator orchestrator)
    {
        var pump = new EpisodeSynchronizationContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(pump);
        try
        {
            var task = episode.Run(orchestrator, pump);
            if (pump.ForeignPosts > 0)
            {
                throw new ReplayViolationException("The orchestrator awaited a task that completed on another thread.");
            }

            return task;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private async Task<CompletedTask> ExecuteAsync(ScheduledTask work, DateTime now, List<ReplayRunRecord> children)
    {
        switch (work.Kind)
        {
            case ScheduledKind.Timer:
                return new CompletedTask(work.Id, null, null, null, now);
            case ScheduledKind.SubOrchestration:
                var child = await RunRawAsync(work.Name, work.ChildInstanceId!, work.Payload, now);
                children.Add(child);
                return child.Failure is null
                    ? new CompletedTask(work.Id, child.Output, null, null, now)
                    : Failed(work.Id, child.Failure, now);
            default:
                var activity = registry.GetActivity(work.Name);
                try
                {
                    var result = await activity.InvokeAsync(
                        TaskPayloads.Deserialize(work.Payload, activity.InputType), CancellationToken.None);
                    return new CompletedTask(work.Id, TaskPayloads.Serialize(result), null, null, now);
                }
                catch (Exception ex)
                {
                    return Failed(work.Id, ex, now);
                }
        }
    }

    private static void VerifyFinalReplay(
        ReplayHistory history,
        RegisteredOrchestrator orchestrator,
        List<ScheduledTask> calls,
        string? output,
        Exception? failure)
    {
        var replay = new ReplayEpisode(history, history.Completed.Count, isFirstEpisode: false);
        var task = RunEpisode(replay, orchestrator);
        if (!task.IsCompleted)
        {
            throw new ReplayViolationException($"{history.InstanceId}: a full replay did not finish.");
        }

        var (replayOutput, replayFailure) = Outcome(task);
        if (!replay.Calls.SequenceEqual(calls) || replayOutput != output || replayFailure?.Message != failure?.Message)
        {
            throw new ReplayViolationException($"{history.InstanceId}: a full replay produced another result.");
        }
    }

    private static (string? Output, Exception? Failure) Outcome(Task<object?> task) => task.IsFaulted
        ? (null, task.Exception!.InnerException!)
        : (TaskPayloads.Serialize(task.Result), null);

    private static CompletedTask Failed(int id, Exception ex, DateTime now) =>
        new(id, null, ex.GetType().FullName, ex.Message, now);
}

/// <summary>One orchestration instance as the host ran it: its history, episodes, calls and children.</summary>
internal sealed record ReplayRunRecord(
    ReplayHistory History,
    int Episodes,
    IReadOnlyList<ScheduledTask> Calls,
    IReadOnlyList<ReplayRunRecord> Children,
    string? Output,
    Exception? Failure);

/// <summary>A finished run and its typed output.</summary>
internal sealed record ReplayRun<TResult>(TResult Result, ReplayRunRecord Record)
{
    public IEnumerable<ScheduledTask> Activities(string name) =>
        Record.Calls.Where(c => c.Kind == ScheduledKind.Activity && c.Name == name);

    public IEnumerable<ScheduledTask> Timers => Record.Calls.Where(c => c.Kind == ScheduledKind.Timer);
}
