using System.Text.Json;
using Azure.Core.Serialization;
using DeepScan.Workflow;
using DeepScan.Workflow.Engine;
using DeepScan.Workflow.Events;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DeepScan.Functions;

/// <summary>Registers what the Functions app runs: the workflow, storage, events and engine the CLI runs.</summary>
public static class FunctionsServiceCollectionExtensions
{
    public static IServiceCollection AddDeepScanFunctions(
        this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScanWorkflow(configuration);
        services.AddScanStorage(configuration);
        services.AddScanEvents(configuration);
        services.AddScanEngine(configuration);
        services.AddSingleton<ScanStarter>();

        // Durable Functions serializes orchestration and activity payloads with the worker's serializer: use the
        // workflow's source-generated contracts, so history holds the same JSON the in-process host produces.
        // The Durable extension converts orchestrator inputs with the worker's JsonSerializerOptions: the same ones.
        services.Configure<WorkerOptions>(
            options => options.Serializer = new JsonObjectSerializer(DurablePayloadJson.Options));
        services.Configure<JsonSerializerOptions>(DurablePayloadJson.ApplyTo);
        return services;
    }
}
