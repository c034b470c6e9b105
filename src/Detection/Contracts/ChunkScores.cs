using System.Text.Json.Serialization;

namespace DeepScan.Detection;

/// <summary>A face box in display-orientation pixel coordinates of the original frame.</summary>
public readonly record struct FaceBox(float X, float Y, float Width, float Height)
{
    [JsonIgnore]
    public float Right => X + Width;
    [JsonIgnore]
    public float Bottom => Y + Height;
    [JsonIgnore]
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);
}

/// <summary>One face found in a frame, scored by every ensemble member.</summary>
/// <param name="MemberScores">Fake probability per member, in the order of <see cref="ChunkScores.Members"/>;
/// NaN where a member could not score the face.</param>
/// <param name="FakeProbability">The weighted ensemble probability for this face.</param>
public sealed record FaceScore(FaceBox Box, float DetectorScore, float[] MemberScores, float FakeProbability);

/// <summary>The faces of one sampled frame.</summary>
public sealed record FrameScores(int Index, double TimeSeconds, FaceScore[] Faces);

/// <summary>Wall time spent per stage, in milliseconds.</summary>
public sealed record StageTimings(double DecodeMs, double DetectMs, double ClassifyMs)
{
    public static StageTimings Zero { get; } = new(0, 0, 0);

    public StageTimings Add(StageTimings other) =>
        new(DecodeMs + other.DecodeMs, DetectMs + other.DetectMs, ClassifyMs + other.ClassifyMs);
}

/// <summary>
/// What scoring one <see cref="FrameChunk"/> produced: compact per-face scores, kept in Durable history.
/// </summary>
/// <param name="Members">Ensemble member names, the column order of every <see cref="FaceScore.MemberScores"/>.</param>
/// <param name="Weights">Each member's ensemble weight, in the order of <paramref name="Members"/>.</param>
/// <param name="MemberDevices">Where each member ran (<c>cpu</c> or <c>cuda</c>), in the order of
/// <paramref name="Members"/>.</param>
/// <param name="Detector">The face detector and where it ran.</param>
/// <param name="MemberModels">The model file each member ran (<see cref="Members.IEnsembleMember.Model"/>), in the
/// order of <paramref name="Members"/>; null from a worker older than this field.</param>
public sealed record ChunkScores(
    int ChunkIndex,
    string[] Members,
    double[] Weights,
    FrameScores[] Frames,
    string[] MemberDevices,
    DetectorSummary Detector,
    StageTimings Timings,
    string[]? MemberModels = null);

/// <summary>The face detector a scan used (its manifest name) and where it ran: <c>cpu</c> or <c>cuda</c>.</summary>
public sealed record DetectorSummary(string Name, string Device);
