using System.Text.Json;

namespace DeepScan.Workflow.Orchestration;

/// <summary>
/// Inputs and results as they cross an orchestration boundary: JSON through <see cref="WorkflowJson.Options"/>,
/// so a local run fails the same way Durable would on a payload that does not serialize.
/// </summary>
internal static class TaskPayloads
{
    public static string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, WorkflowJson.Options.GetTypeInfo(value.GetType()));

    public static object? Deserialize(string? json, Type type) =>
        json is null ? null : JsonSerializer.Deserialize(json, WorkflowJson.Options.GetTypeInfo(type));

    public static T Deserialize<T>(string? json) => (T)Deserialize(json, typeof(T))!;
}
