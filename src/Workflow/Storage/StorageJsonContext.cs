using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepScan.Workflow.Storage;

/// <summary>Source-generated JSON for the documents the stores write: scan records and failure records.</summary>
/// <remarks>Verdicts use <see cref="DeepScan.Detection.DetectionJsonContext"/>, the verdict's own contract.</remarks>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScanRecord))]
[JsonSerializable(typeof(FailedScan))]
public sealed partial class StorageJsonContext : JsonSerializerContext;
