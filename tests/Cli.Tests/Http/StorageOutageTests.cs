using System.Net;
using System.Net.Http.Json;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Storage;

namespace DeepScan.Cli.Tests.Http;

/// <summary><c>deepscan serve</c> on Blob Storage that has gone away: 503 with <c>Retry-After</c>, as the Functions
/// app answers, instead of 500.</summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task WithAzuriteStoppedStatusEvidenceAndSubmitAre503ProblemsWithRetryAfter()
    {
        var azurite = await AzuriteProcess.StartAsync();
        await using var host = await ServeHost.StartAsync(
            new Dictionary<string, string?> { ["Storage:ConnectionString"] = azurite.ConnectionString });
        await azurite.DisposeAsync();

        var responses = new[]
        {
            await host.Client.GetAsync(ScanRoutes.Status(ScanIds.For("clip.mp4", "v1"))),
            await host.Client.GetAsync(ScanRoutes.Evidence(ScanIds.For("clip.mp4", "v1"))),
            await host.Client.PostAsJsonAsync(ScanRoutes.Scans, new { blobName = "clip.mp4" }),
        };

        foreach (var response in responses)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}: {body}");
            Assert.Equal(ProblemDocument.ContentType, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(StorageOutage.RetryAfter, response.Headers.RetryAfter?.Delta);
            var problem = Workflow.WorkflowJson.Deserialize<ProblemDocument>(body)!;
            Assert.Equal("urn:deepscan:problem:storage-unavailable", problem.Type);
        }
    }
}
