using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DeepScan.Detection.Tests;

/// <summary>An <see cref="ILogger"/> that keeps what it is given, so tests can read what was logged.</summary>
/// <remarks>Workflow.Tests and Cli.Tests link this file too.</remarks>
internal class RecordingLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));
}

/// <summary>A <see cref="RecordingLogger"/> for code that asks for an <see cref="ILogger{T}"/>.</summary>
internal sealed class RecordingLogger<T> : RecordingLogger, ILogger<T>;
