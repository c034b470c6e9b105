using System.Net;
using DeepScan.Workflow.Http;

namespace DeepScan.Cli.Tests.Http;

/// <summary>The host's guards: the upload size limit and the API key.</summary>
public sealed class ServeGuardTests
{
    private const string ApiKey = "a-key-only-these-tests-know";
    private static readonly Dictionary<string, string?> KeyedSettings = new() { ["Serve:ApiKey"] = ApiKey };

    [Fact]
    public async Task AnUploadOverTheLimitIs413AndNothingIsStored()
    {
        await using var host = await ServeHost.StartAsync(new Dictionary<string, string?>
        {
            ["ScanRequests:MaxUploadBytes"] = "4096",
        });
        var video = TestVideos.RealClipBytes();
        Assert.True(video.Length > 4096);

        var response = await new ScanApi(host.Client).PostUploadAsync(video, "big.mp4");

        var problem = ScanRequestProblemTests.AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("4096 bytes", problem.Detail);
        Assert.Empty(Directory.GetFileSystemEntries(host.UploadsPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AnUploadOverTheLimitIsRefusedOnARealSocketToo()
    {
        await using var host = await ServeHost.StartAsync(
            new Dictionary<string, string?> { ["ScanRequests:MaxUploadBytes"] = "4096" }, kestrel: true);
        var oversized = new byte[2 * 1024 * 1024 + 1];
        TestVideos.RealClipBytes().CopyTo(oversized, 0);

        var response = await new ScanApi(host.Client).PostUploadAsync(oversized, "big.mp4");

        ScanRequestProblemTests.AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(Directory.GetFiles(host.UploadsPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AJsonRequestOverItsLimitIs413()
    {
        await using var host = await ServeHost.StartAsync();
        var padded = $$"""{"blobName":"a.mp4","callbackUrl":"https://93.184.215.14/{{new string('a', 70_000)}}"}""";

        var response = await new ScanApi(host.Client).PostJsonAsync(padded);

        ScanRequestProblemTests.AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a-key-only-these-tests-kno")]
    [InlineData("a-key-only-these-tests-know ")]
    public async Task WithAnApiKeyConfiguredEveryApiRouteWantsIt(string? sent)
    {
        await using var host = await ServeHost.StartAsync(KeyedSettings);
        var api = new ScanApi(host.Client);

        var get = await api.GetAsync(ScanRoutes.Status("scan-0123456789abcdef0123456789abcdef"), sent);
        var post = await api.PostUploadAsync(TestVideos.RealClipBytes(), "clip.mp4", apiKey: sent);
        var other = await api.GetAsync("/api/anything", sent);

        foreach (var response in new[] { get, post, other })
        {
            var problem = ScanRequestProblemTests.AssertProblem(response, HttpStatusCode.Unauthorized);
            Assert.Contains("x-api-key", problem.Detail);
        }

        Assert.Empty(Directory.GetFiles(host.UploadsPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task TheRightApiKeyLetsTheRequestThrough()
    {
        await using var host = await ServeHost.StartAsync(KeyedSettings);

        var response = await new ScanApi(host.Client).GetAsync(
            ScanRoutes.Status("scan-0123456789abcdef0123456789abcdef"), ApiKey);

        ScanRequestProblemTests.AssertProblem(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("9223372036854775807")]
    public async Task AnUploadLimitOutOfRangeStopsTheStart(string limit)
    {
        var refused = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => ServeHost.StartAsync(new Dictionary<string, string?> { ["ScanRequests:MaxUploadBytes"] = limit }));

        Assert.Contains("ScanRequests:MaxUploadBytes must be 1 to ", refused.Message);
    }

    [Fact]
    public async Task AnEngineSettingItCannotUseStopsTheStart()
    {
        var refused = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => ServeHost.StartAsync(new Dictionary<string, string?> { ["Detection:Limits:MaxPixels"] = "-1" }));

        Assert.Contains("Detection:Limits:MaxPixels must be more than zero", refused.Message);
    }

    [Fact]
    public async Task AnEventGridEndpointThatIsNotAUrlStopsTheStartNotEveryScan()
    {
        var refused = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => ServeHost.StartAsync(new Dictionary<string, string?> { ["EventGrid:TopicEndpoint"] = "not-a-url" }));

        Assert.Contains("EventGrid:TopicEndpoint", refused.Message);
    }
}
