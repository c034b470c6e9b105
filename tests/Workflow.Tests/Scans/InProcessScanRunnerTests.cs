using DeepScan.Detection;
using DeepScan.Workflow.Activities;
using DeepScan.Workflow.Events;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;
using DeepScan.Workflow.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Tests.Scans;

/// <summary>The workflow as <c>deepscan scan</c> and <c>serve</c> run it: AddScanWorkflow, in-process.</summary>
public sealed class InProcessScanRunnerTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly InMemoryScanStore store = new();
    private readonly InMemoryVideoStore videos = new();

    [Fact]
    public async Task Runs_a_scan_to_a_delivered_signed_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var services = Services(new()
        {
            ["Webhooks:AllowLoopback"] = "true",
            ["Webhooks:AllowHttp"] = "true",
            ["Scan:FramesPerVideo"] = "12",
            ["Scan:FramesPerChunk"] = "4",
        });
        var scanId = await CreateAsync(new WebhookRegistration(receiver.HookUrl, Secret));

        var result = await services.GetRequiredService<InProcessScanRunner>().RunAsync(
            new ScanWorkflowInput(scanId, services.GetRequiredService<ScanSettings>()), CancellationToken.None);

        Assert.Equal(
            (ScanStatus.Completed, VerdictState.Real, 3, 3),
            (result.Status, result.Verdict, result.ChunksPlanned, result.ChunksScored));
        Assert.True(Assert.Single(result.Webhooks).Delivered);
        Assert.Single(receiver.Received).Verify(Secret);
    }

    [Fact]
    public async Task Refuses_loopback_callbacks_unless_configured()
    {
        using var services = Services(new());

        var validator = services.GetRequiredService<CallbackUrlValidator>();

        var refused = await Assert.ThrowsAsync<CallbackUrlException>(
            () => validator.ValidateAsync("https://127.0.0.1/hook", CancellationToken.None));

        Assert.Equal(CallbackUrlError.ForbiddenAddress, refused.Error);
    }

    [Fact]
    public void Reports_every_invalid_scan_setting()
    {
        using var services = Services(new() { ["Scan:FramesPerChunk"] = "0", ["Scan:Aggregation"] = "median" });

        var invalid = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ScanSettings>());

        Assert.Equal(
            [
                "Scan:FramesPerChunk must be 1 to 256, not 0.",
                "Scan:Aggregation must be trimmed-mean, mean or confident, not 'median'.",
            ],
            invalid.Failures);
    }

    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var engine = new ScriptedEngine();
        var services = new ServiceCollection()
            .AddScanWorkflow(configuration)
            .AddSingleton<IScanStore>(store)
            .AddSingleton<IVideoStore>(videos)
            .AddSingleton<IVideoProber>(engine)
            .AddSingleton<IKeyFrameScanner>(engine)
            .AddSingleton<IChunkPlanner>(engine)
            .AddSingleton<IChunkScorer>(engine)
            .AddSingleton<IScanEventPublisher>(new RecordingEventPublisher());
        return services.BuildServiceProvider(
            new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private async Task<string> CreateAsync(params WebhookRegistration[] webhooks)
    {
        videos.Add("clip.mp4");
        var now = DateTimeOffset.UtcNow;
        await store.TryCreateAsync(
            new ScanRecord("scan-1", "clip.mp4", new string('a', 64), ScanStatus.Pending, now, now, webhooks),
            CancellationToken.None);
        return "scan-1";
    }
}
