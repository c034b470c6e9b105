using Azure.Core.Serialization;
using DeepScan.Workflow.Scans;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeepScan.Functions.Tests;

/// <summary>The serializer the app gives the worker, for the shapes Durable Task hands it.</summary>
public sealed class DurablePayloadJsonTests
{
    private static readonly ScanWorkflowInput Input = new("scan-0123456789ab", new ScanSettings(8, 4, "mean", 0.5, 3));

    private static ObjectSerializer WorkerSerializer()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDeepScanFunctions(new ConfigurationBuilder().Build());
        return services.BuildServiceProvider().GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer!;
    }

    [Fact]
    public void An_activity_input_wrapped_in_an_object_array_round_trips()
    {
        var serializer = WorkerSerializer();

        var json = serializer.Serialize(new object[] { Input }, typeof(object[])).ToString();

        Assert.StartsWith("[{\"scanId\":\"scan-0123456789ab\"", json);
        var back = (object[])serializer.Deserialize(BinaryData.FromString(json).ToStream(), typeof(object[]), default)!;
        Assert.Single(back);
    }

    [Fact]
    public void An_orchestrator_input_read_as_object_converts_to_its_parameter_type()
    {
        var serializer = WorkerSerializer();
        var json = serializer.Serialize(Input, typeof(ScanWorkflowInput)).ToString();

        var asObject = serializer.Deserialize(BinaryData.FromString(json).ToStream(), typeof(object), default);

        var element = Assert.IsType<System.Text.Json.JsonElement>(asObject);
        Assert.Equal(
            Input, System.Text.Json.JsonSerializer.Deserialize<ScanWorkflowInput>(element, DurablePayloadJson.Options));
    }
}
