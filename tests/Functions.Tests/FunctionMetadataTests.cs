using System.Text.Json;
using DeepScan.Detection.Tests;
using DeepScan.Workflow.Scans;

namespace DeepScan.Functions.Tests;

/// <summary>
/// What Azure will see: the <c>functions.metadata</c> the Worker SDK's generator wrote for the Functions build (the
/// file the host indexes the app by).
/// </summary>
public sealed class FunctionMetadataTests
{
    private static readonly JsonElement[] Functions = Load();

    [Fact]
    public void The_upload_trigger_is_a_blob_trigger_fed_by_Event_Grid()
    {
        var trigger = Binding("StartScanOnUpload", "blobTrigger");
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("uploads/{name}", trigger.GetProperty("path").GetString());
        // No connection of its own: the default, AzureWebJobsStorage (identity-based in Azure, see functions.bicep).
        Assert.False(trigger.TryGetProperty("connection", out var connection) && connection.GetString() != "");
        Binding("StartScanOnUpload", "durableClient");
    }

    [Theory]
    [InlineData("SubmitScan", "post", "scans")]
    [InlineData("GetScan", "get head", "scans/{id}")]
    [InlineData("GetScanEvidence", "get head", "scans/{id}/evidence")]
    public void The_HTTP_functions_answer_their_route_and_method_with_a_function_key(
        string function, string method, string route)
    {
        var trigger = Binding(function, "httpTrigger");
        Assert.Equal(method.Split(' '), trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void Every_orchestrator_and_activity_of_the_workflow_is_a_function()
    {
        Binding(ScanWorkflow.Name, "orchestrationTrigger");
        Binding(ScanChunkBatchWorkflow.Name, "orchestrationTrigger");
        var activities = typeof(ScanActivityNames).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();
        Assert.Equal(9, activities.Length);
        foreach (var activity in activities)
        {
            Binding(activity, "activityTrigger");
        }

        Assert.Equal(2 + 3 + 1 + activities.Length, Functions.Length);
    }

    private static JsonElement Binding(string function, string type)
    {
        var entry = Assert.Single(Functions, f => f.GetProperty("name").GetString() == function);
        return Assert.Single(
            entry.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == type);
    }

    private static JsonElement[] Load()
    {
        // The metadata of the Functions project's own build output: the file that ships.
        var path = Path.Combine(
            TestPaths.RepoRoot, "src", "Functions", "bin", Configuration, "net10.0", "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
}
