using System.Collections.Concurrent;
using DeepScan.Workflow.Activities;

namespace DeepScan.Workflow.Tests.Fakes;

/// <summary>Keeps published events; stands in for Event Grid, which does not run here.</summary>
internal sealed class RecordingEventPublisher : IScanEventPublisher
{
    public ConcurrentQueue<ScanCompletedEvent> Published { get; } = new();

    public bool Fail { get; init; }

    public Task PublishAsync(ScanCompletedEvent scanEvent, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new HttpRequestException("Event Grid is unavailable.");
        }

        Published.Enqueue(scanEvent);
        return Task.CompletedTask;
    }
}
