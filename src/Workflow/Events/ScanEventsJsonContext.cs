using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepScan.Workflow.Events;

/// <summary>Source-generated JSON for event payloads; subscribers can deserialize with it too.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ScanCompletedEventData))]
[JsonSerializable(typeof(ScanCompletedCloudEvent[]))]
public sealed partial class ScanEventsJsonContext : JsonSerializerContext;
