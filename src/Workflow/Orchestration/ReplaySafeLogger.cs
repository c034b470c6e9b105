using Microsoft.Extensions.Logging;

namespace DeepScan.Workflow.Orchestration;

/// <summary>A logger that stays silent while its orchestration replays, so each line is written once.</summary>
internal sealed class ReplaySafeLogger(IScanContext context, ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        if (!context.IsReplaying)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
