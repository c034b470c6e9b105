using System.Text.Json.Serialization;

namespace DeepScan.Detection.Video;

/// <summary>The parts of <c>ffprobe -print_format json -show_streams -show_format</c> the prober reads.</summary>
internal sealed record FfprobeOutput(FfprobeStream[]? Streams, FfprobeFormat? Format);

internal sealed record FfprobeStream(
    string? CodecType,
    string? CodecName,
    int? Width,
    int? Height,
    string? AvgFrameRate,
    string? RFrameRate,
    string? NbFrames,
    string? Duration,
    Dictionary<string, string>? Tags,
    Dictionary<string, int>? Disposition,
    FfprobeSideData[]? SideDataList);

internal sealed record FfprobeSideData(string? SideDataType, double? Rotation);

internal sealed record FfprobeFormat(string? FormatName, string? Duration, string? Size);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(FfprobeOutput))]
internal sealed partial class FfprobeJsonContext : JsonSerializerContext;
