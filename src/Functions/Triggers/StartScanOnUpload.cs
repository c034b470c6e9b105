using Azure.Storage.Blobs;
using DeepScan.Workflow.Scans;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace DeepScan.Functions.Triggers;

/// <summary>An upload lands in the uploads container: Event Grid calls this trigger, which starts its scan.</summary>
/// <remarks>Bound to a <see cref="BlobClient"/> so the video is never downloaded here; Event Grid may deliver an
/// event twice, which <see cref="ScanStarter"/> turns into a no-op.</remarks>
public sealed class StartScanOnUpload(ScanStarter starter)
{
    [Function(nameof(StartScanOnUpload))]
    public Task Run(
        [BlobTrigger("uploads/{name}", Source = BlobTriggerSource.EventGrid)] BlobClient blob,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        starter.StartAsync(new DurableScanScheduler(client), blob.Name, [], cancellationToken);
}
