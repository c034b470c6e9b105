namespace DeepScan.Workflow.Tests.Replay;

/// <summary>What an orchestrator asked its host for: an activity, a sub-orchestration or a timer.</summary>
internal enum ScheduledKind
{
    Activity,
    SubOrchestration,
    Timer,
}

/// <summary>One scheduled task as history keeps it; a replay must schedule an equal one at the same position.</summary>
internal sealed record ScheduledTask(
    int Id, ScheduledKind Kind, string Name, string? Payload, string? ChildInstanceId, DateTime? FireAt);

/// <summary>One task's outcome as history keeps it: a JSON result, or a failure's type and message.</summary>
internal sealed record CompletedTask(
    int Id, string? Result, string? FailureType, string? FailureMessage, DateTime Timestamp)
{
    public bool Failed => FailureType is not null;
}

/// <summary>An orchestration instance's history: what it scheduled, and the outcomes in arrival order.</summary>
internal sealed class ReplayHistory(string instanceId, string orchestratorName, string? input, DateTime startedAt)
{
    public string InstanceId { get; } = instanceId;

    public string OrchestratorName { get; } = orchestratorName;

    public string? Input { get; } = input;

    public DateTime StartedAt { get; } = startedAt;

    public List<ScheduledTask> Scheduled { get; } = [];

    public List<CompletedTask> Completed { get; } = [];

    public IEnumerable<ScheduledTask> Pending => Scheduled.Where(s => Completed.All(c => c.Id != s.Id));
}

/// <summary>The orchestrator broke a replay rule: another path on replay, or a non-durable await.</summary>
internal sealed class ReplayViolationException(string message) : Exception(message);
