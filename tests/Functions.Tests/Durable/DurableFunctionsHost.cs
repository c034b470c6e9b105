using DeepScan.Functions.Triggers;
using DeepScan.Workflow.Activities;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Tests.Fakes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Functions.Tests.Durable;

/// <summary>
/// The Functions app's services (<see cref="FunctionsServiceCollectionExtensions.AddDeepScanFunctions"/>) with its
/// orchestrator and activity functions running on the real Durable Task engine of
/// <c>Microsoft.DurableTask.InProcessTestHost</c> (in-memory backend, gRPC worker and client), in this process.
/// </summary>
/// <remarks>
/// Payloads go through the serializer the app configures, handed to Durable Task by the Durable extension's own
/// option classes (as in Azure). Storage is a filesystem store in a temp folder unless the settings name another.
/// </remarks>
internal sealed class DurableFunctionsHost : IAsyncDisposable
{
    private readonly IHost host;
    private readonly DirectoryInfo root;

    private DurableFunctionsHost(IHost host, DirectoryInfo root)
    {
        this.host = host;
        this.root = root;
    }

    public IServiceProvider Services => host.Services;

    public DurableTaskClient Client => Services.GetRequiredService<DurableTaskClient>();

    public IScanStore Scans => Services.GetRequiredService<IScanStore>();

    /// <param name="settings">Configuration laid over small scans and loopback webhooks.</param>
    /// <param name="engine">Replaces the detection engine (probe, plan, score) when given.</param>
    public static async Task<DurableFunctionsHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, ScriptedEngine? engine = null)
    {
        var root = Directory.CreateTempSubdirectory("deepscan-functions-");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:RootPath"] = root.FullName,
            ["Scan:FramesPerVideo"] = "8",
            ["Scan:FramesPerChunk"] = "4",
            ["Webhooks:AllowLoopback"] = "true",
            ["Webhooks:AllowHttp"] = "true",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());

        var services = builder.Services;
        services.AddDeepScanFunctions(builder.Configuration);
        if (engine is not null)
        {
            services.AddSingleton<IVideoProber>(engine);
            services.AddSingleton<IChunkPlanner>(engine);
            services.AddSingleton<IChunkScorer>(engine);
        }

        IHost? host = null;
        services.AddInMemoryDurableTask(registry => registry.AddFunctionTasks(() => host!.Services));
        AddDurableExtensionSerializer(services);

        host = builder.Build();
        await host.StartAsync();
        return new DurableFunctionsHost(host, root);
    }

    /// <summary>Saves a video into the uploads store, as an upload would.</summary>
    public async Task<string> UploadAsync(string name, Stream content)
    {
        var stored = await Services.GetRequiredService<IVideoStore>().SaveAsync(name, content, CancellationToken.None);
        return stored.Name;
    }

    /// <summary>Starts the scan of an upload as the HTTP function and the blob trigger do, and waits for its end.
    /// </summary>
    public async Task<(ScanWorkflowResult Result, OrchestrationMetadata Instance)> ScanAsync(
        string videoName, TimeSpan timeout, params WebhookRegistration[] webhooks)
    {
        var start = await Services.GetRequiredService<ScanStarter>().StartAsync(
            new DurableScanScheduler(Client), videoName, webhooks, CancellationToken.None);
        using var cancel = new CancellationTokenSource(timeout);
        var instance = await Client.WaitForInstanceCompletionAsync(start.ScanId, true, cancel.Token);
        Assert.True(
            instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
            $"{start.ScanId} ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage}");
        return (instance.ReadOutputAs<ScanWorkflowResult>()!, instance);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        root.Delete(recursive: true);
    }

    /// <summary>
    /// Registers the Durable extension's own post-configuration of the worker and client options (internal types of
    /// Microsoft.Azure.Functions.Worker.Extensions.DurableTask), which wrap <see cref="WorkerOptions.Serializer"/> as
    /// Durable Task's data converter: the path payloads take in Azure.
    /// </summary>
    private static void AddDurableExtensionSerializer(IServiceCollection services)
    {
        var extensions = typeof(Microsoft.Azure.Functions.Worker.DurableTaskClientExtensions).Assembly.GetType(
            "Microsoft.Azure.Functions.Worker.FunctionsWorkerApplicationBuilderExtensions", throwOnError: true)!;
        services.AddSingleton(
            typeof(IPostConfigureOptions<DurableTaskWorkerOptions>), Nested(extensions, "PostConfigureWorkerOptions"));
        services.AddSingleton(
            typeof(IPostConfigureOptions<DurableTaskClientOptions>), Nested(extensions, "PostConfigureClientOptions"));
    }

    private static Type Nested(Type type, string name) =>
        type.GetNestedType(name, System.Reflection.BindingFlags.NonPublic)
        ?? throw new InvalidOperationException($"The Durable extension no longer has {type.Name}+{name}.");
}
