using DeepScan.Functions.Http;
using DeepScan.Functions.Tests.Durable;
using DeepScan.Workflow;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;
using DeepScan.Workflow.Tests.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static DeepScan.Functions.Tests.Http.FunctionHttp;

namespace DeepScan.Functions.Tests.Http;

/// <summary>
/// The HTTP functions called as the worker's ASP.NET Core integration calls them, with real <see cref="HttpRequest"/>s,
/// the app's services and the Durable client of the real engine: the contract <c>deepscan serve</c> answers too.
/// </summary>
/// <remarks>401 is the Functions host's (a function key, <c>AuthorizationLevel.Function</c>, checked in
/// <see cref="FunctionMetadataTests"/>) and 413/415 concern uploads, which this app takes through the uploads
/// container rather than the request body; everything else is answered here.</remarks>
public sealed class ScanHttpFunctionsTests
{
    [Fact]
    public async Task Submit_and_get_answer_202_then_200_400_and_404_with_problem_documents()
    {
        await using var host = await DurableFunctionsHost.StartAsync(engine: new ScriptedEngine());
        var functions = ActivatorUtilities.CreateInstance<ScanHttpFunctions>(host.Services);
        var video = await host.UploadAsync("clip.mp4", new MemoryStream([1, 2, 3]));

        var request = $$"""{"blobName":"{{video}}"}""";
        var accepted = await ExecuteAsync(await functions.Submit(Post(request), host.Client, default));
        Assert.Equal(202, accepted.Status);
        var scan = WorkflowJson.Deserialize<ScanAccepted>(accepted.Body)!;
        Assert.Equal(scan.StatusUrl, accepted.Headers.Location.ToString());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await host.Client.WaitForInstanceCompletionAsync(scan.Id, false, timeout.Token);

        var finished = await ExecuteAsync(await functions.Submit(Post(request), host.Client, default));
        Assert.Equal(200, finished.Status);
        Assert.Equal(ScanStatus.Completed, WorkflowJson.Deserialize<ScanStatusResponse>(finished.Body)!.Status);
        var status = await ExecuteAsync(await functions.Get(Get(), scan.Id, default));
        Assert.Equal(200, status.Status);
        Assert.NotNull(WorkflowJson.Deserialize<ScanStatusResponse>(status.Body)!.Verdict);

        AssertProblem(await ExecuteAsync(await functions.Submit(Post("{"), host.Client, default)), 400);
        var unknown = await functions.Submit(Post("""{"blobName":"nope.mp4"}"""), host.Client, default);
        var missing = AssertProblem(await ExecuteAsync(unknown), 400);
        Assert.Equal(ProblemDocument.InvalidRequestType, missing.Type);
        AssertProblem(await ExecuteAsync(await functions.Get(Get(), ScanIds.For("nope.mp4", "v1"), default)), 404);
        AssertProblem(await ExecuteAsync(await functions.Get(Get(), "../etc/passwd", default)), 404);
    }

    [Fact]
    public async Task With_storage_down_every_function_answers_503_with_Retry_After()
    {
        var azurite = await AzuriteProcess.StartAsync();
        await using var host = await DurableFunctionsHost.StartAsync(
            new Dictionary<string, string?> { ["Storage:ConnectionString"] = azurite.ConnectionString },
            new ScriptedEngine());
        var functions = ActivatorUtilities.CreateInstance<ScanHttpFunctions>(host.Services);
        await azurite.DisposeAsync();

        var answers = new[]
        {
            await ExecuteAsync(await functions.Get(Get(), ScanIds.For("clip.mp4", "v1"), default)),
            await ExecuteAsync(await functions.GetEvidence(Get(), ScanIds.For("clip.mp4", "v1"), default)),
            await ExecuteAsync(await functions.Submit(Post("""{"blobName":"clip.mp4"}"""), host.Client, default)),
        };

        foreach (var answer in answers)
        {
            var problem = AssertProblem(answer, 503);
            Assert.Equal("urn:deepscan:problem:storage-unavailable", problem.Type);
            Assert.Equal(StorageOutage.RetryAfterHeader, answer.Headers.RetryAfter.ToString());
        }
    }
}
