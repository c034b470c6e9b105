using System.Text.Json;
using Azure.Storage.Blobs;
using DeepScan.Workflow.Tests.Events;
using DeepScan.Workflow.Tests.Storage;

namespace DeepScan.Cli.Tests.Http;

/// <summary>
/// Everything on loopback for end-to-end runs: a real Azurite, an Event Grid stand-in, and <c>deepscan serve</c> on
/// a real Kestrel storing in Azurite, publishing to the stand-in and allowed to call loopback webhooks.
/// </summary>
/// <remarks>Each test class gets its own, so classes run side by side; webhook retries wait real seconds (5 s, then
/// 20 s: the workflow's own backoff), capped at three attempts.</remarks>
public sealed class AzuriteServeFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;
    private ServeHost? _host;

    internal CloudEventReceiver Events { get; } = new();

    internal ServeHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    internal ScanApi Api => new(Host.Client);

    internal BlobServiceClient Blobs => new(
        (_azurite ?? throw new InvalidOperationException("Azurite has not started.")).ConnectionString);

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        _host = await ServeHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = _azurite.ConnectionString,
                ["EventGrid:TopicEndpoint"] = Events.TopicEndpoint.ToString(),
                ["EventGrid:TopicKey"] = "local-topic-key",
                ["Webhooks:AllowLoopback"] = "true",
                ["Webhooks:AllowHttp"] = "true",
                ["Webhooks:MaxAttempts"] = "3",
                ["Scan:FramesPerVideo"] = "32", // the command line's defaults, so the timings are the real ones
                ["Scan:FramesPerChunk"] = "8",
                ["Serve:UploadPollInterval"] = "00:00:01",
            },
            kestrel: true);
    }

    /// <summary>The <c>Deepfake.Scan.Completed</c> CloudEvent of one scan, skipping other scans' events.</summary>
    internal async Task<JsonElement> CompletedEventAsync(string scanId)
    {
        var deadline = DateTime.UtcNow + Poll.ScanTimeout;
        while (true)
        {
            CapturedRequest request;
            try
            {
                request = await Events.NextAsync(); // gives up after ten quiet seconds
            }
            catch (OperationCanceledException) when (DateTime.UtcNow < deadline)
            {
                continue;
            }

            using var batch = JsonDocument.Parse(request.Body);
            foreach (var cloudEvent in batch.RootElement.EnumerateArray())
            {
                if (cloudEvent.GetProperty("id").GetString() == scanId)
                {
                    return cloudEvent.Clone();
                }
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        Events.Dispose();
    }
}
