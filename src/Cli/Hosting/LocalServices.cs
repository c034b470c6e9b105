using DeepScan.Detection.Onnx;
using DeepScan.Detection.Video;
using DeepScan.Workflow;
using DeepScan.Workflow.Activities;
using DeepScan.Workflow.Engine;
using DeepScan.Workflow.Events;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeepScan.Cli.Hosting;

/// <summary>The in-process host's services: the same workflow, storage, events and engine the Functions app wires.</summary>
internal static class LocalServices
{
    /// <summary>Environment variables (<c>Section__Key</c>) first, then the command line's own settings on top.</summary>
    public static IConfiguration Configuration(IReadOnlyDictionary<string, string?>? overrides = null) =>
        new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
            .Build();

    /// <param name="sharedDecodePass">False decodes with one ffmpeg per chunk, as the Functions host does (for
    /// <c>bench --per-chunk-decode</c>), and plans every video with its reset frames, where each chunk starts.</param>
    public static IServiceCollection AddDeepScanLocal(
        this IServiceCollection services, IConfiguration configuration, LogLevel logLevel, bool sharedDecodePass = true)
    {
        services.AddLogging(logging => logging
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            })
            .AddConfiguration(configuration.GetSection("Logging"))
            .SetMinimumLevel(logLevel)
            // ONNX Runtime's own graph-optimisation warnings say nothing a user can act on.
            .AddFilter(OrtLog.Category, LogLevel.Error));
        services.AddOptions();
        services.AddSingleton(configuration);
        services.AddScanWorkflow(configuration);
        services.AddScanStorage(configuration);
        services.AddScanEvents(configuration);
        services.AddScanEngine(configuration, sharedDecodePass ? sp => sp.GetService<SharedPassFrameSource>() : null);
        if (sharedDecodePass)
        {
            // A service of its own, not made inside the engine, so that decoding can start before the models load;
            // null (one ffmpeg per chunk) when the Scan settings are invalid, which the scan itself then reports.
            services.AddSingleton(sp => LocalDecoding.SharedPass(
                configuration, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<KeyFrameScanner>())!);
            services.AddSingleton<IKeyFrameScanner>(sp =>
                LocalDecoding.KeyFrames(configuration, sp.GetRequiredService<KeyFrameScanner>()));
        }

        return services;
    }
}
