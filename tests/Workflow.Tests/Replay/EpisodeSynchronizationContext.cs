using System.Collections.Concurrent;

namespace DeepScan.Workflow.Tests.Replay;

/// <summary>
/// The single thread an episode runs on, as Durable's orchestrator executor provides: continuations queue up and run
/// when the host pumps. A continuation posted from any other thread means the orchestrator awaited something the
/// context did not hand out (a Task.Delay, a Task.Run, real I/O).
/// </summary>
internal sealed class EpisodeSynchronizationContext : SynchronizationContext
{
    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> queue = new();
    private readonly int ownerThread = Environment.CurrentManagedThreadId;
    private int foreignPosts;

    public int ForeignPosts => Volatile.Read(ref foreignPosts);

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (Environment.CurrentManagedThreadId != ownerThread)
        {
            Interlocked.Increment(ref foreignPosts);
        }

        queue.Enqueue((d, state));
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new ReplayViolationException("An orchestrator must not block on a synchronous Send.");

    public void RunUntilIdle()
    {
        while (queue.TryDequeue(out var work))
        {
            work.Callback(work.State);
        }
    }
}
