using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using Microsoft.DurableTask.Client;

namespace DeepScan.Functions.Triggers;

/// <summary>
/// Starts the scan of a stored upload once per video version: the scan id is derived from the blob's name and
/// version, and is also the orchestration instance id, so a repeated event or request finds the scan already there.
/// </summary>
public sealed class ScanStarter(IVideoStore videos, IScanStore scans, ScanSettings settings, TimeProvider timeProvider)
{
    /// <returns>The scan id, whether this call started the scan or an earlier one did.</returns>
    /// <exception cref="FileNotFoundException">No upload has this name.</exception>
    public async Task<string> StartAsync(
        DurableTaskClient client,
        string videoName,
        WebhookRegistration[] webhooks,
        CancellationToken cancellationToken)
    {
        var video = await videos.GetAsync(videoName, cancellationToken) ?? throw new FileNotFoundException(
            $"No upload named '{videoName}' is in the uploads container.", videoName);
        var scanId = ScanIds.For(video.Name, video.Version);
        var now = timeProvider.GetUtcNow();
        var record = new ScanRecord(scanId, video.Name, video.Version, ScanStatus.Pending, now, now, webhooks);
        await scans.TryCreateAsync(record, cancellationToken);

        if (await client.GetInstanceAsync(scanId, cancellationToken) is null)
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                ScanWorkflow.Name,
                new ScanWorkflowInput(scanId, settings),
                new StartOrchestrationOptions { InstanceId = scanId },
                cancellationToken);
        }

        return scanId;
    }
}
