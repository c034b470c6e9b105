using Azure;
using Azure.Core;
using Azure.Messaging.EventGrid;
using DeepScan.Workflow.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DeepScan.Workflow.Events;

/// <summary>Registers <see cref="IScanEventPublisher"/> from the <c>EventGrid</c> section.</summary>
public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="EventGridScanEventPublisher"/> when <c>EventGrid:TopicEndpoint</c> is set (with
    /// <c>EventGrid:TopicKey</c>, else a registered <see cref="TokenCredential"/> or DefaultAzureCredential);
    /// <see cref="NullScanEventPublisher"/> otherwise.
    /// </summary>
    public static IServiceCollection AddScanEvents(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(EventGridOptions.SectionName);
        var configured = ValidatedOptions.Add<EventGridOptions, EventGridOptionsValidation>(
            services.AddOptions<EventGridOptions>().Bind(section), section.Get<EventGridOptions>());
        if (configured.TopicEndpoint is null)
        {
            services.TryAddSingleton<IScanEventPublisher, NullScanEventPublisher>();
            return services;
        }

        services.TryAddSingleton(provider => CreateClient(
            provider.GetRequiredService<IOptions<EventGridOptions>>().Value, provider.GetService<TokenCredential>()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IScanEventPublisher, EventGridScanEventPublisher>();
        return services;
    }

    private static EventGridPublisherClient CreateClient(EventGridOptions options, TokenCredential? credential)
    {
        var endpoint = options.TopicEndpoint!;
        return string.IsNullOrWhiteSpace(options.TopicKey)
            ? new EventGridPublisherClient(
                endpoint, credential ?? AzureCredentials.Default(options.ManagedIdentityClientId))
            : new EventGridPublisherClient(endpoint, new AzureKeyCredential(options.TopicKey));
    }
}
