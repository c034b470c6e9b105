using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DeepScan.Workflow;

namespace DeepScan.Functions;

/// <summary>
/// The JSON the worker writes and reads Durable payloads with: the workflow's source-generated contracts
/// (<see cref="WorkflowJson.Options"/>), plus the two shapes Durable Task asks for on its own.
/// </summary>
/// <remarks>
/// Durable Task reads an orchestrator function's input as <c>object</c> (a JSON element, which the Durable extension
/// then converts to the parameter's type with the worker's <see cref="JsonSerializerOptions"/>), and writes every
/// activity input wrapped in an <c>object[]</c>. Source-generated metadata alone has neither, and the serializer
/// throws <see cref="NotSupportedException"/> for both: every scan would fail in Azure.
/// </remarks>
public static class DurablePayloadJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Gives <paramref name="target"/> (the worker's <c>IOptions&lt;JsonSerializerOptions&gt;</c>, which the
    /// extension converts orchestrator inputs with) the settings and contracts of <see cref="Options"/>.</summary>
    public static void ApplyTo(JsonSerializerOptions target)
    {
        var source = Options;
        target.PropertyNamingPolicy = source.PropertyNamingPolicy;
        target.PropertyNameCaseInsensitive = source.PropertyNameCaseInsensitive;
        target.NumberHandling = source.NumberHandling;
        target.DefaultIgnoreCondition = source.DefaultIgnoreCondition;
        target.TypeInfoResolver = source.TypeInfoResolver;
        foreach (var converter in source.Converters.Where(c => !target.Converters.Contains(c)))
        {
            target.Converters.Add(converter);
        }
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(WorkflowJson.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(
                WorkflowJson.Options.TypeInfoResolver, DurableEnvelopeJsonContext.Default),
        };
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>Metadata for <c>object</c> (written as its runtime type, read as a JSON element) and <c>object[]</c>.
/// </summary>
[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(object[]))]
internal sealed partial class DurableEnvelopeJsonContext : JsonSerializerContext;
