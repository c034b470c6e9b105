using System.Text.Json;
using System.Text.Json.Serialization;
using DeepScan.Detection;
using DeepScan.Workflow.Activities;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;
using DeepScan.Workflow.Webhooks;

namespace DeepScan.Workflow;

/// <summary>
/// Source-generated JSON for every workflow payload (orchestration and activity inputs and outputs) and every HTTP
/// contract. Use it through <see cref="WorkflowJson.Options"/>, which chains <see cref="DetectionJsonContext"/>.
/// </summary>
/// <remarks>
/// Scan statuses are lowercase strings. NaN and infinities are allowed because a <see cref="ChunkScores"/> marks a
/// member that could not score a face with NaN, and chunk scores travel through orchestration history.
/// </remarks>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(ScanStatusJsonConverter)])]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(ScanWorkflowInput))]
[JsonSerializable(typeof(ScanWorkflowResult))]
[JsonSerializable(typeof(RunningScan))]
[JsonSerializable(typeof(PlanScanInput))]
[JsonSerializable(typeof(ScanPlan))]
[JsonSerializable(typeof(ScoreChunkInput))]
[JsonSerializable(typeof(ChunkBatchInput))]
[JsonSerializable(typeof(ChunkBatchResult))]
[JsonSerializable(typeof(ChunkScores))]
[JsonSerializable(typeof(WriteVerdictInput))]
[JsonSerializable(typeof(FinishScanInput))]
[JsonSerializable(typeof(FinishedScan))]
[JsonSerializable(typeof(ScanCompletedEvent))]
[JsonSerializable(typeof(DeliverWebhookInput))]
[JsonSerializable(typeof(WebhookAttempt))]
[JsonSerializable(typeof(RecordDeliveriesInput))]
[JsonSerializable(typeof(ScanRequest))]
[JsonSerializable(typeof(ScanAccepted))]
[JsonSerializable(typeof(ScanStatusResponse))]
[JsonSerializable(typeof(ProblemDocument))]
public sealed partial class WorkflowJsonContext : JsonSerializerContext;

/// <summary>Scan statuses as the API spells them: <c>pending</c>, <c>running</c>, <c>completed</c>, <c>failed</c>.
/// </summary>
public sealed class ScanStatusJsonConverter() : JsonStringEnumConverter<ScanStatus>(JsonNamingPolicy.CamelCase, false);

/// <summary>The options every workflow boundary serializes with: this project's context, then the engine's.</summary>
public static class WorkflowJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options.GetTypeInfo(typeof(T)));

    public static T? Deserialize<T>(string json) =>
        (T?)JsonSerializer.Deserialize(json, Options.GetTypeInfo(typeof(T)));

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(WorkflowJsonContext.Default.Options)
        {
            TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
                DetectionJsonContext.Default, WorkflowJsonContext.Default),
        };
        options.MakeReadOnly();
        return options;
    }
}
