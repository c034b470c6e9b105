using System.Collections.Concurrent;
using DeepScan.Workflow.Events;

namespace DeepScan.Workflow.Tests.Fakes;

/// <summary>Keeps published events; stands in for Event Grid, which does not run here.</summary>
internal sealed class RecordingEventPublisher : IScanEventPublisher
{
    public ConcurrentQueue<(string Subject, ScanCompletedEventData Data)> Published { get; } = new();

    public bool Fail { get; init; }

    public Task PublishCompletedAsync(string blobName, ScanCompletedEventData data, CancellationToken cancellationToken)
    {
        if (Fail)
        {
            throw new HttpRequestException("Event Grid is unavailable.");
        }

        Published.Enqueue((blobName, data));
        return Task.CompletedTask;
    }
}
