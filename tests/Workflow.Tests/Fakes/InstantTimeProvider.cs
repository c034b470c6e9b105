namespace DeepScan.Workflow.Tests.Fakes;

/// <summary>A clock whose timers fire at once and move the clock forward by their due time, recording each wait, so
/// retry delays are checked without sleeping.</summary>
internal sealed class InstantTimeProvider : TimeProvider
{
    private readonly object gate = new();
    private DateTimeOffset now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public List<TimeSpan> Waits { get; } = [];

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (gate)
            {
                Waits.Add(dueTime);
                now += dueTime;
            }

            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
