namespace DeepScan.Detection.Scoring;

/// <summary>What the fan-in hands to <see cref="VerdictAssembler"/>: the chunks that were scored and those that were not.</summary>
/// <param name="ChunkFailures">One line per chunk that could not be scored after its retries.</param>
/// <param name="TotalMs">The scan's wall time as the host measured it.</param>
public sealed record VerdictInputs(
    SourceInfo Source,
    IReadOnlyList<ChunkScores> Scored,
    int ChunksPlanned,
    int FramesSampled,
    IReadOnlyList<string> ChunkFailures,
    double TotalMs);

/// <summary>Builds the verdict document from per-face scores. Pure: the same inputs give the same document.</summary>
public sealed class VerdictAssembler(VideoAggregator aggregator, double threshold = VerdictAssembler.DefaultThreshold)
{
    public const double DefaultThreshold = 0.5;

    /// <summary>The engine's version, recorded in every verdict.</summary>
    public static string EngineVersion { get; } =
        typeof(VerdictAssembler).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public VerdictDocument Assemble(VerdictInputs inputs)
    {
        if (inputs.Scored.Count == 0)
        {
            var reason = inputs.ChunkFailures.Count > 0
                ? $"No chunk could be scored: {inputs.ChunkFailures[0]}"
                : "Nothing was scored: the plan had no frames.";
            return Failed(inputs.Source, reason, inputs.TotalMs, inputs.ChunksPlanned);
        }

        var members = inputs.Scored[0].Members;
        var weights = inputs.Scored[0].Weights;
        var frames = DistinctFrames(inputs.Scored);
        var faces = frames.SelectMany(f => f.Faces).Where(f => !float.IsNaN(f.FakeProbability)).ToList();
        var probability = aggregator.Aggregate(faces.Select(f => (double)f.FakeProbability).ToList());
        var state = probability is null ? VerdictState.NoFaces
            : probability >= threshold ? VerdictState.Fake
            : VerdictState.Real;

        return new VerdictDocument(
            VerdictDocument.CurrentSchemaVersion,
            inputs.Source,
            state,
            probability,
            threshold,
            new AggregationInfo(
                aggregator.Name,
                faces.Count,
                inputs.FramesSampled,
                frames.Count(f => f.Faces.Length > 0),
                inputs.ChunksPlanned,
                inputs.Scored.Count),
            Summarise(members, weights, inputs.Scored[0].MemberDevices, inputs.Scored[0].MemberModels, faces),
            frames.Select(f => Report(f, members)).ToArray(),
            string.Join(",", inputs.Scored
                .SelectMany(c => c.MemberDevices.Append(c.Detector.Device)).Distinct().Order()),
            Timings(inputs.Scored, inputs.TotalMs),
            EngineVersion,
            Error: null,
            Warnings: Warn(inputs),
            Detector: inputs.Scored[0].Detector);
    }

    /// <summary>A verdict for a scan that produced no scores: unusable input, or every chunk failed.</summary>
    public static VerdictDocument Failed(SourceInfo source, string error, double totalMs = 0, int chunksPlanned = 0) =>
        new(
            VerdictDocument.CurrentSchemaVersion,
            source,
            VerdictState.Error,
            FakeProbability: null,
            DefaultThreshold,
            new AggregationInfo("none", 0, 0, 0, chunksPlanned, 0),
            [],
            [],
            Device: "none",
            new TimingsInfo(0, 0, 0, totalMs),
            EngineVersion,
            error);

    /// <summary>
    /// Every frame the chunks scored, once, in time order. Chunks choose their frames alone (each target takes the
    /// first frame at or after it), so where a variable-rate video has no frames for a while, every chunk with
    /// targets in that gap takes the same next frame: one frame of the video, to be counted once, not once per chunk.
    /// </summary>
    private static FrameScores[] DistinctFrames(IReadOnlyList<ChunkScores> chunks) => chunks
        .SelectMany(c => c.Frames)
        // A frame's time is its own timestamp; a chunk that seeked computes it from other numbers, hence the rounding.
        .DistinctBy(f => Math.Round(f.TimeSeconds, 4))
        .OrderBy(f => f.TimeSeconds)
        .ThenBy(f => f.Index)
        .ToArray();

    private static MemberSummary[] Summarise(
        string[] members, double[] weights, string[] devices, string[]? models, List<FaceScore> faces)
    {
        var total = weights.Where(w => w > 0).Sum();
        return members.Select((name, i) =>
        {
            var scores = faces.Select(f => f.MemberScores[i]).Where(s => !float.IsNaN(s)).ToList();
            double? mean = scores.Count > 0 ? scores.Average(s => (double)s) : null;
            return new MemberSummary(
                name, weights[i], total > 0 ? Math.Max(0, weights[i]) / total : 0, mean, devices[i], models?[i]);
        }).ToArray();
    }

    private static FrameReport Report(FrameScores frame, string[] members) => new(
        frame.Index,
        frame.TimeSeconds,
        frame.Faces.Select(face => new FaceReport(
            face.Box,
            face.DetectorScore,
            members.Select((name, i) => (name, score: face.MemberScores[i]))
                .ToDictionary(m => m.name, m => float.IsNaN(m.score) ? (double?)null : m.score),
            face.FakeProbability)).ToArray());

    private static TimingsInfo Timings(IReadOnlyList<ChunkScores> chunks, double totalMs)
    {
        var sum = chunks.Aggregate(StageTimings.Zero, (acc, c) => acc.Add(c.Timings));
        return new TimingsInfo(sum.DecodeMs, sum.DetectMs, sum.ClassifyMs, totalMs);
    }

    private static string[]? Warn(VerdictInputs inputs)
    {
        if (inputs.ChunkFailures.Count == 0)
        {
            return null;
        }

        return
        [
            $"Partial verdict: {inputs.Scored.Count} of {inputs.ChunksPlanned} chunks were scored.",
            .. inputs.ChunkFailures,
        ];
    }
}
