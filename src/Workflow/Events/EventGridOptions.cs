namespace DeepScan.Workflow.Events;

/// <summary>Where scan events go: configuration section <c>EventGrid</c>. No endpoint, no events.</summary>
public sealed class EventGridOptions
{
    public const string SectionName = "EventGrid";

    /// <summary>The topic endpoint, e.g. <c>https://topic.region-1.eventgrid.azure.net/api/events</c>.</summary>
    public Uri? TopicEndpoint { get; set; }

    /// <summary>The topic access key; unset signs in with a token (managed identity, EventGrid Data Sender).</summary>
    public string? TopicKey { get; set; }

    /// <summary>Client id of a user-assigned managed identity; unset lets DefaultAzureCredential choose.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The CloudEvent <c>source</c> attribute.</summary>
    public string Source { get; set; } = ScanEventTypes.DefaultSource;
}
