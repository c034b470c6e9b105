using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepScan.Detection;

/// <summary>Source-generated JSON for every engine record that crosses a process or storage boundary.</summary>
/// <remarks>Property names are camelCase; hosts chain this context into their own resolvers.</remarks>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VideoRef))]
[JsonSerializable(typeof(VideoInfo))]
[JsonSerializable(typeof(FrameChunk))]
[JsonSerializable(typeof(ChunkScores))]
[JsonSerializable(typeof(VerdictDocument))]
[JsonSerializable(typeof(Evidence.ChunkEvidence))]
public sealed partial class DetectionJsonContext : JsonSerializerContext;
