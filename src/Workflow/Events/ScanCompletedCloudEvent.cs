using System.Text.Json.Serialization;

namespace DeepScan.Workflow.Events;

/// <summary>A <see cref="ScanEventTypes.Completed"/> event as a CloudEvents 1.0 envelope in structured JSON mode, the
/// form Event Grid takes in a batch (<c>application/cloudevents-batch+json</c>).</summary>
/// <remarks>Written by our source-generated context rather than Azure.Core's <c>CloudEvent</c>, whose constructors
/// are marked unsafe for trimming and native AOT, and which <c>deepscan serve</c> is compiled with.</remarks>
public sealed record ScanCompletedCloudEvent(
    string Id,
    string Source,
    string Subject,
    DateTimeOffset Time,
    ScanCompletedEventData Data)
{
    [JsonPropertyName("specversion")]
    public string SpecVersion => "1.0";

    public string Type => ScanEventTypes.Completed;

    [JsonPropertyName("datacontenttype")]
    public string DataContentType => "application/json";
}
