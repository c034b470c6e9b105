using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using DeepScan.Cli.Tests.Http;
using DeepScan.Detection.Tests;
using DeepScan.Workflow;
using DeepScan.Workflow.Events;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Events;
using DeepScan.Workflow.Tests.Fakes;
using DeepScan.Workflow.Tests.Storage;
using Xunit.Abstractions;

namespace DeepScan.Cli.Tests.Native;

/// <summary>
/// The native <c>deepscan</c> does what the JIT build does on the paths native compilation can break: OpenCV's
/// native library (evidence sheets, image files), options bound by generated code, Kestrel's generated endpoints,
/// the Azure SDK (Azurite, an Event Grid stand-in) and signed webhooks.
/// </summary>
public sealed class NativeDeepScanTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("deepscan-native-");

    public void Dispose() => _work.Delete(recursive: true);

    [NativeDeepScanFact]
    public async Task AScanGivesTheVerdictOfTheJitBuildAndDrawsItsEvidenceSheet()
    {
        var video = TestPaths.Video("fake/dfdc-abofeumbvv.mp4");
        var (nativeJson, jitJson, sheet) = (Output("native.json"), Output("jit.json"), Output("native.png"));

        var native = await NativeDeepScan.RunAsync("scan", video, "--json", nativeJson, "--evidence", sheet);
        var jit = await NativeDeepScan.RunJitAsync("scan", video, "--json", jitJson);

        Assert.True(native.ExitCode == 0, native.ToString());
        Assert.True(jit.ExitCode == 0, jit.ToString());
        using var nativeVerdict = JsonDocument.Parse(File.ReadAllText(nativeJson));
        using var jitVerdict = JsonDocument.Parse(File.ReadAllText(jitJson));
        Assert.Contains(Text(jitVerdict, "verdict"), new[] { "fake", "real" });
        foreach (var field in new[] { "verdict", "fakeProbability", "aggregation", "models", "frames" })
        {
            Assert.Equal(
                jitVerdict.RootElement.GetProperty(field).GetRawText(),
                nativeVerdict.RootElement.GetProperty(field).GetRawText());
        }

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(sheet)[..4]);
        Assert.Contains("evidence sheet written", native.Stdout + native.Stderr);
    }

    [NativeDeepScanFact]
    public async Task FaceCropImagesAreReadAndEvaluated()
    {
        var labels = Output("labels.csv");
        var faces = Directory.GetFiles(Path.Combine(TestPaths.Shared, "data", "faces", "real"), "*.jpg").Order().Take(3)
            .Select(f => $"{f},REAL")
            .Concat(Directory.GetFiles(Path.Combine(TestPaths.Shared, "data", "faces", "fake"), "*.jpg").Order().Take(3)
                .Select(f => $"{f},FAKE"));
        File.WriteAllLines(labels, ["file,label", .. faces]);

        var result = await NativeDeepScan.RunAsync(
            "eval", labels, "--json", Output("eval.json"), "--report", Output("report.html"));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(Output("eval.json")));
        Assert.Equal(6, json.RootElement.GetProperty("scored").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("failed").GetInt32());
        Assert.Contains("<svg", File.ReadAllText(Output("report.html")));
    }

    [NativeDeepScanFact]
    public async Task ServeStoresAnUploadInAzuriteAndAnnouncesItsVerdictByCloudEventAndSignedWebhook()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        using var events = new CloudEventReceiver();
        await using var receiver = await WebhookReceiver.StartAsync();
        var port = LoopbackPorts.Closed();
        using var serve = NativeDeepScan.Start(
            new Dictionary<string, string>
            {
                ["Storage__ConnectionString"] = azurite.ConnectionString,
                ["EventGrid__TopicEndpoint"] = events.TopicEndpoint.ToString(),
                ["EventGrid__TopicKey"] = "local-topic-key",
                ["Webhooks__AllowLoopback"] = "true",
                ["Webhooks__AllowHttp"] = "true",
                ["Scan__FramesPerVideo"] = "8",
                ["Scan__FramesPerChunk"] = "4",
            },
            Log,
            "serve", "--urls", $"http://127.0.0.1:{port}");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var api = new ScanApi(http);
            await Poll.UntilAsync(() => Listening(http), "deepscan serve to listen", TimeSpan.FromSeconds(30));
            var secret = ServeEndToEndTests.NewSecret();

            var response = await api.PostUploadAsync(
                TestVideos.RealClipBytes(), "clip.mp4", ServeEndToEndTests.Callback(receiver, secret));
            var accepted = response.Read<ScanAccepted>();
            var webhook = await Poll.UntilAsync(
                () => Task.FromResult(receiver.Received.FirstOrDefault()), "the signed webhook");
            var cloudEvent = JsonDocument.Parse((await events.NextAsync()).Body).RootElement[0];

            Assert.Equal(HttpStatusCode.Accepted, response.Status);
            webhook.Verify(secret);
            var status = (await api.GetAsync(accepted.StatusUrl)).Read<ScanStatusResponse>();
            Assert.Equal(ScanStatus.Completed, status.Status);
            Assert.Equal(accepted.Id, cloudEvent.GetProperty("id").GetString());
            Assert.Equal(ScanEventTypes.Completed, cloudEvent.GetProperty("type").GetString());
            var stored = new BlobServiceClient(azurite.ConnectionString)
                .GetBlobContainerClient("verdicts").GetBlobClient(accepted.Id + ".json");
            Assert.True((await stored.ExistsAsync()).Value);
            Assert.Equal(
                WorkflowJson.Serialize(status.Verdict!.Verdict),
                JsonSerializer.Serialize(cloudEvent.GetProperty("data").GetProperty("verdict")));
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    private static async Task<string?> Listening(HttpClient http)
    {
        try
        {
            await http.GetAsync(ScanRoutes.Status("scan-00000000000000000000000000000000"));
            return "listening";
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>A line of the serve process's output, kept with the test's result (xunit refuses output after the
    /// test ends, which the process's last lines may be).</summary>
    private void Log(string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string? Text(JsonDocument document, string field) =>
        document.RootElement.GetProperty(field).GetString();

    private string Output(string name) => Path.Combine(_work.FullName, name);
}
