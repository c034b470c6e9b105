using System.Text.Json.Serialization;

namespace DeepScan.Detection;

/// <summary>The outcome of a scan. Never a silent 0.5: no faces and failures have states of their own.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VerdictState>))]
public enum VerdictState
{
    [JsonStringEnumMemberName("fake")] Fake,
    [JsonStringEnumMemberName("real")] Real,
    [JsonStringEnumMemberName("no-faces")] NoFaces,
    [JsonStringEnumMemberName("error")] Error,
}

/// <summary>
/// The verdict document: one contract for the CLI's <c>--json</c>, the verdict blob, the webhook body and
/// <c>GET /api/scans/{id}</c>.
/// </summary>
/// <param name="FakeProbability">The aggregated probability that the video is fake; null for
/// <see cref="VerdictState.NoFaces"/> and <see cref="VerdictState.Error"/>.</param>
/// <param name="Threshold">Probabilities at or above it give <see cref="VerdictState.Fake"/>.</param>
/// <param name="Device">Every device a model of the scan ran on, comma-separated (<c>cpu</c>, <c>cuda</c> or
/// <c>cpu,cuda</c>); <c>none</c> when nothing ran. <see cref="MemberSummary.Device"/> and
/// <see cref="Detector"/> say which model ran where.</param>
/// <param name="Warnings">Things a reader should know, such as chunks that could not be scored.</param>
/// <param name="Detector">The face detector and its device; null when nothing was scored.</param>
public sealed record VerdictDocument(
    int SchemaVersion,
    SourceInfo Source,
    VerdictState Verdict,
    double? FakeProbability,
    double Threshold,
    AggregationInfo Aggregation,
    MemberSummary[] Models,
    FrameReport[] Frames,
    string Device,
    TimingsInfo Timings,
    string EngineVersion,
    string? Error = null,
    string[]? Warnings = null,
    DetectorSummary? Detector = null)
{
    public const int CurrentSchemaVersion = 1;
}

/// <summary>The scanned video as the verdict reports it.</summary>
public sealed record SourceInfo(
    string Name,
    string? Sha256,
    long? Bytes,
    double DurationSeconds,
    double Fps,
    int Width,
    int Height,
    int FrameCount,
    int Rotation);

/// <summary>How per-face probabilities became the video's probability, and how much of the plan was scored.</summary>
/// <param name="Strategy">The per-video aggregate: <c>trimmed-mean</c>, <c>mean</c> or <c>confident</c>.</param>
public sealed record AggregationInfo(
    string Strategy,
    int FacesScored,
    int FramesSampled,
    int FramesWithFaces,
    int ChunksPlanned,
    int ChunksScored);

/// <summary>One ensemble member's part in the verdict.</summary>
/// <param name="Weight">The member's ensemble weight wᵢ, from the manifest (fitted on validation videos).</param>
/// <param name="Share">wᵢ / Σw over the members that scored: how much the member moves each face's probability.</param>
/// <param name="MeanFakeProbability">The member's mean over all scored faces; null when none was scored.</param>
/// <param name="Device">Where the member ran: <c>cpu</c> or <c>cuda</c>.</param>
/// <param name="Model">The model file that scored the faces: a member's int8 copy on the CPU, its float file on CUDA.</param>
public sealed record MemberSummary(
    string Name, double Weight, double Share, double? MeanFakeProbability, string Device = "cpu", string? Model = null);

/// <summary>A sampled frame and the faces found in it.</summary>
/// <param name="Index">The frame's number at the video's average rate (its time x fps, from 0): the decoder's own
/// count on a constant-rate video; on a variable-rate one, <paramref name="TimeSeconds"/> is the exact position.</param>
/// <param name="TimeSeconds">The frame's presentation time, from the video's first frame.</param>
public sealed record FrameReport(int Index, double TimeSeconds, FaceReport[] Faces);

/// <summary>A face: its box in original-frame pixels, the detector's score, each member's and the combined fake probability.</summary>
/// <param name="Scores">Per member name; null where the member could not score the face.</param>
public sealed record FaceReport(
    FaceBox Box,
    double DetectorScore,
    Dictionary<string, double?> Scores,
    double FakeProbability);

/// <summary>Wall time per stage, summed over chunks, and the scan's total wall time, in milliseconds.</summary>
public sealed record TimingsInfo(double DecodeMs, double DetectMs, double ClassifyMs, double TotalMs);
