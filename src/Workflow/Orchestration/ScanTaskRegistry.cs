namespace DeepScan.Workflow.Orchestration;

/// <summary>
/// The activities and orchestrators a local host runs, by name: what the Durable worker's registry is in Azure.
/// </summary>
public sealed class ScanTaskRegistry
{
    private readonly Dictionary<string, RegisteredActivity> activities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RegisteredOrchestrator> orchestrators = new(StringComparer.Ordinal);

    public ScanTaskRegistry AddActivity<TInput, TResult>(
        string name, Func<TInput, CancellationToken, Task<TResult>> activity)
    {
        activities.Add(name, new RegisteredActivity(
            typeof(TInput),
            async (input, cancellationToken) => await activity((TInput)input!, cancellationToken)));
        return this;
    }

    public ScanTaskRegistry AddActivity<TInput>(string name, Func<TInput, CancellationToken, Task> activity)
    {
        activities.Add(name, new RegisteredActivity(
            typeof(TInput),
            async (input, cancellationToken) =>
            {
                await activity((TInput)input!, cancellationToken);
                return null;
            }));
        return this;
    }

    public ScanTaskRegistry AddOrchestrator<TInput, TResult>(
        string name, Func<IScanContext, TInput, Task<TResult>> orchestrator)
    {
        orchestrators.Add(name, new RegisteredOrchestrator(
            typeof(TInput),
            async (context, input) => await orchestrator(context, (TInput)input!)));
        return this;
    }

    internal RegisteredActivity GetActivity(string name) => activities.TryGetValue(name, out var activity)
        ? activity
        : throw new ArgumentException($"No activity named '{name}' is registered.", nameof(name));

    internal RegisteredOrchestrator GetOrchestrator(string name) =>
        orchestrators.TryGetValue(name, out var orchestrator)
            ? orchestrator
            : throw new ArgumentException($"No orchestrator named '{name}' is registered.", nameof(name));
}

/// <summary>An activity behind its name: the input type its payload deserializes to, and the call.</summary>
internal sealed record RegisteredActivity(Type InputType, Func<object?, CancellationToken, Task<object?>> InvokeAsync);

/// <summary>An orchestrator behind its name: the input type its payload deserializes to, and the run.</summary>
internal sealed record RegisteredOrchestrator(Type InputType, Func<IScanContext, object?, Task<object?>> RunAsync);
