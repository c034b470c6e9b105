using DeepScan.Detection.Engine;
using DeepScan.Detection.Models;
using DeepScan.Detection.Video;
using DeepScan.Workflow.Activities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Engine;

/// <summary>Registers the detection engine behind the workflow's seams, for every host (CLI, local server, Functions).</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IVideoProber"/>, <see cref="IChunkPlanner"/> and <see cref="IChunkScorer"/> over one
    /// shared <see cref="DetectionEngine"/>, configured by the <c>Detection</c> section.</summary>
    /// <param name="frames">Where the engine gets chunks' frames; one ffmpeg per chunk when null or when it gives
    /// null (<see cref="DetectionEngine.Create"/>).</param>
    public static IServiceCollection AddScanEngine(
        this IServiceCollection services,
        IConfiguration configuration,
        Func<IServiceProvider, IFrameSource?>? frames = null)
    {
        services.AddOptions<DetectionOptions>().Bind(configuration.GetSection(DetectionOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DetectionOptions>>(
            new ProblemsValidation<DetectionOptions>(o => o.Problems()));
        services.AddSingleton(_ => DeepScanPaths.Discover());
        services.AddSingleton(sp => new Lazy<DetectionEngine>(() => DetectionEngine.Create(
            sp.GetRequiredService<IOptions<DetectionOptions>>().Value,
            sp.GetRequiredService<DeepScanPaths>(),
            sp.GetRequiredService<ILoggerFactory>(),
            frames?.Invoke(sp))));
        services.AddSingleton(sp => new VideoProber(sp.GetRequiredService<IOptions<DetectionOptions>>().Value.Limits));
        services.AddSingleton<IVideoProber, EngineVideoProber>();
        services.AddSingleton(sp => new KeyFrameScanner(sp.GetRequiredService<ILogger<KeyFrameScanner>>()));
        services.AddSingleton<IKeyFrameScanner, EngineKeyFrameScanner>();
        services.AddSingleton<IChunkPlanner, EngineChunkPlanner>();
        services.AddSingleton<IChunkScorer, EngineChunkScorer>();
        return services;
    }
}
