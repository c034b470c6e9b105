using System.Net;
using System.Text.Json;
using DeepScan.Detection;
using DeepScan.Workflow.Events;
using DeepScan.Workflow.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DeepScan.Workflow.Tests.Events;

/// <summary>The real Event Grid client, wired by <c>AddScanEvents</c>, posting to a local receiver.</summary>
public sealed class EventGridScanEventPublisherTests : IDisposable
{
    private const string ScanId = "scan-0123456789abcdef0123456789abcdef";
    private readonly CloudEventReceiver _receiver = new();

    private static readonly ScanCompletedEventData Data = new(
        ScanId,
        "https://acct.blob.core.windows.net/uploads/0f3a/clip.mp4",
        VerdictState.Fake,
        0.875,
        $"https://acct.blob.core.windows.net/verdicts/{ScanId}.json");

    public void Dispose() => _receiver.Dispose();

    [Fact]
    public async Task PostsOneCloudEventWithTheScanAsData()
    {
        using var services = Build(new()
        {
            ["EventGrid:TopicEndpoint"] = _receiver.TopicEndpoint.ToString(),
            ["EventGrid:TopicKey"] = "test-topic-key",
        });
        var publisher = services.GetRequiredService<IScanEventPublisher>();

        await publisher.PublishCompletedAsync("0f3a/clip.mp4", Data, CancellationToken.None);

        var request = await _receiver.NextAsync();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/events", request.Path);
        Assert.Equal("application/cloudevents-batch+json; charset=utf-8", request.ContentType);
        Assert.Equal("test-topic-key", request.SasKey);
        using var batch = JsonDocument.Parse(request.Body);
        var cloudEvent = Assert.Single(batch.RootElement.EnumerateArray().ToArray());
        Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
        Assert.Equal("Deepfake.Scan.Completed", cloudEvent.GetProperty("type").GetString());
        Assert.Equal("/deepscan/scans", cloudEvent.GetProperty("source").GetString());
        Assert.Equal("0f3a/clip.mp4", cloudEvent.GetProperty("subject").GetString());
        Assert.Equal(ScanId, cloudEvent.GetProperty("id").GetString());
        Assert.Equal("application/json", cloudEvent.GetProperty("datacontenttype").GetString());
        Assert.Equal(new InstantTimeProvider().GetUtcNow(), cloudEvent.GetProperty("time").GetDateTimeOffset());
        Assert.Equal(8, cloudEvent.EnumerateObject().Count());
        var data = cloudEvent.GetProperty("data");
        Assert.Equal(ScanId, data.GetProperty("scanId").GetString());
        Assert.Equal(Data.BlobUrl, data.GetProperty("blobUrl").GetString());
        Assert.Equal("fake", data.GetProperty("verdict").GetString());
        Assert.Equal(0.875, data.GetProperty("fakeProbability").GetDouble());
        Assert.Equal(Data.VerdictUrl, data.GetProperty("verdictUrl").GetString());
        Assert.Equal(5, data.EnumerateObject().Count());
    }

    [Fact]
    public async Task TheConfiguredSourceIsUsedAndANoFacesVerdictHasANullProbability()
    {
        using var services = Build(new()
        {
            ["EventGrid:TopicEndpoint"] = _receiver.TopicEndpoint.ToString(),
            ["EventGrid:TopicKey"] = "k",
            ["EventGrid:Source"] = "/subscriptions/x/resourceGroups/y/deepscan",
        });

        await services.GetRequiredService<IScanEventPublisher>().PublishCompletedAsync(
            "a.mp4", Data with { Verdict = VerdictState.NoFaces, FakeProbability = null }, CancellationToken.None);

        using var batch = JsonDocument.Parse((await _receiver.NextAsync()).Body);
        var cloudEvent = batch.RootElement[0];
        Assert.Equal("/subscriptions/x/resourceGroups/y/deepscan", cloudEvent.GetProperty("source").GetString());
        Assert.Equal("no-faces", cloudEvent.GetProperty("data").GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, cloudEvent.GetProperty("data").GetProperty("fakeProbability").ValueKind);
    }

    [Fact]
    public async Task ARefusedEventThrowsATypedErrorNamingTheScanAndStatus()
    {
        _receiver.ResponseStatus = HttpStatusCode.Unauthorized;
        using var services = Build(new()
        {
            ["EventGrid:TopicEndpoint"] = _receiver.TopicEndpoint.ToString(),
            ["EventGrid:TopicKey"] = "wrong-key",
        });

        var error = await Assert.ThrowsAsync<ScanEventPublishException>(() => services
            .GetRequiredService<IScanEventPublisher>()
            .PublishCompletedAsync("a.mp4", Data, CancellationToken.None));

        Assert.Equal(401, error.Status);
        Assert.Contains(ScanId, error.Message);
        Assert.Contains("EventGrid:TopicEndpoint", error.Message);
    }

    [Fact]
    public async Task WithoutATopicEndpointPublishingIsALoggedNoOp()
    {
        using var services = Build([]);

        var publisher = services.GetRequiredService<IScanEventPublisher>();
        await publisher.PublishCompletedAsync("a.mp4", Data, CancellationToken.None);

        Assert.IsType<NullScanEventPublisher>(publisher);
    }

    [Theory]
    [InlineData("http://topic.westeurope-1.eventgrid.azure.net/api/events", "must use https")]
    [InlineData("ftp://127.0.0.1/api/events", "not an absolute http(s) URL")]
    public void AnEndpointThatWouldLeakTheKeyOrCannotWorkIsRefused(string endpoint, string message)
    {
        using var services = Build(new() { ["EventGrid:TopicEndpoint"] = endpoint, ["EventGrid:TopicKey"] = "k" });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            services.GetRequiredService<IScanEventPublisher>());

        Assert.Contains(message, error.Message);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<TimeProvider>(new InstantTimeProvider())
            .AddScanEvents(configuration)
            .BuildServiceProvider();
    }
}
