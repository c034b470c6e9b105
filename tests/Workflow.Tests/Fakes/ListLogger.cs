using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DeepScan.Workflow.Tests.Fakes;

/// <summary>Keeps every line logged to it, to count what the workflow wrote across replays.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue(formatter(state, exception));
}
