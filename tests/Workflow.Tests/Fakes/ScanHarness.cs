using DeepScan.Detection.Tests;
using DeepScan.Workflow.Activities;
using DeepScan.Workflow.Orchestration;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Tests.Fakes;

/// <summary>
/// The workflow wired to in-memory stores, the scripted engine and a real webhook sender (loopback and http allowed,
/// since the receivers run on 127.0.0.1).
/// </summary>
internal sealed class ScanHarness
{
    public InMemoryScanStore Store { get; init; } = new();

    public InMemoryVideoStore Videos { get; } = new();

    public ScriptedEngine Engine { get; init; } = new();

    public RecordingEventPublisher Events { get; init; } = new();

    public RecordingLogger<ScanWorkflow> Logs { get; } = new();

    public WebhookOptions WebhookOptions { get; } = new() { AllowLoopback = true, AllowHttp = true, MaxAttempts = 3 };

    public ScanTaskRegistry Registry()
    {
        var options = Options.Create(WebhookOptions);
        var validator = new CallbackUrlValidator(options, new DnsHostAddressResolver());
        var sender = new WebhookSender(
            new HttpClient(WebhookHttpHandler.Create(validator)),
            validator,
            TimeProvider.System,
            options,
            NullLogger<WebhookSender>.Instance);
        var evidence = new ScanEvidenceActivities(Store, NullLogger<ScanEvidenceActivities>.Instance);
        return new ScanTaskRegistry().AddScanTasks(
            new ScanWorkflow(Logs),
            new ScanChunkBatchWorkflow(),
            new ScanRecordActivities(Store, TimeProvider.System),
            new ScanEngineActivities(Videos, Engine, Engine, Engine, Engine, evidence),
            evidence,
            new ScanNotificationActivities(Events, Store, Videos, sender));
    }

    /// <summary>Stores an upload and a pending scan record for it, as the HTTP starter does.</summary>
    public async Task<ScanWorkflowInput> CreateScanAsync(
        int framesPerVideo, int framesPerChunk, string video = "clip.mp4", params WebhookRegistration[] webhooks)
    {
        var id = $"scan-{Guid.NewGuid():N}"[..16];
        if (video != "missing.mp4")
        {
            Videos.Add(video);
        }

        var now = DateTimeOffset.UtcNow;
        await Store.TryCreateAsync(
            new ScanRecord(id, video, new string('a', 64), ScanStatus.Pending, now, now, webhooks),
            CancellationToken.None);
        var options = new ScanOptions { FramesPerVideo = framesPerVideo, FramesPerChunk = framesPerChunk };
        return new ScanWorkflowInput(id, options.ToSettings(WebhookOptions));
    }

    public async Task<ScanRecord> RecordAsync(string scanId) =>
        (await Store.GetAsync(scanId, CancellationToken.None))!;
}
