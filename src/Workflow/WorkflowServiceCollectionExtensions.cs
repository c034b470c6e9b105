using DeepScan.Workflow.Activities;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Orchestration;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow;

/// <summary>Registers the scan workflow, its activities, webhooks and request validation.</summary>
public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Adds everything in this project. The host adds the edges: <see cref="Storage.IScanStore"/>,
    /// <see cref="Storage.IVideoStore"/>, <see cref="IVideoProber"/>, <see cref="IChunkPlanner"/>,
    /// <see cref="IChunkScorer"/> and <see cref="IScanEventPublisher"/>.
    /// </summary>
    /// <remarks>Reads the <c>Scan</c>, <c>Webhooks</c> and <c>ScanRequests</c> sections of
    /// <paramref name="configuration"/>; invalid values fail when the options are first used.</remarks>
    public static IServiceCollection AddScanWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ScanOptions>().Bind(configuration.GetSection(ScanOptions.SectionName));
        services.AddSingleton<IValidateOptions<ScanOptions>>(new ProblemsValidation<ScanOptions>(o => o.Problems()));
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName))
            .Validate(
                o => o.MaxAttempts is >= 1 and <= 20 && o.Timeout > TimeSpan.Zero,
                "Webhooks:MaxAttempts must be 1 to 20 and Webhooks:Timeout positive.");
        services.AddOptions<ScanRequestOptions>().Bind(configuration.GetSection(ScanRequestOptions.SectionName));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IHostAddressResolver, DnsHostAddressResolver>();
        services.AddSingleton<CallbackUrlValidator>();
        services.AddSingleton<ScanRequestValidator>();
        services.AddHttpClient<IWebhookSender, WebhookSender>()
            .ConfigurePrimaryHttpMessageHandler(sp =>
                WebhookHttpHandler.Create(sp.GetRequiredService<CallbackUrlValidator>()))
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan); // the sender applies its own

        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ScanOptions>>().Value
            .ToSettings(sp.GetRequiredService<IOptions<WebhookOptions>>().Value));
        services.AddSingleton<ScanWorkflow>();
        services.AddSingleton<ScanChunkBatchWorkflow>();
        // Transient: the notification activities hold a typed HttpClient, which must not be captured for good.
        services.AddTransient<ScanRecordActivities>();
        services.AddTransient<ScanEngineActivities>();
        services.AddTransient<ScanEvidenceActivities>();
        services.AddTransient<ScanNotificationActivities>();
        services.AddTransient(sp => new ScanTaskRegistry().AddScanTasks(
            sp.GetRequiredService<ScanWorkflow>(),
            sp.GetRequiredService<ScanChunkBatchWorkflow>(),
            sp.GetRequiredService<ScanRecordActivities>(),
            sp.GetRequiredService<ScanEngineActivities>(),
            sp.GetRequiredService<ScanEvidenceActivities>(),
            sp.GetRequiredService<ScanNotificationActivities>()));
        services.AddTransient<InProcessScanRunner>();
        return services;
    }
}
