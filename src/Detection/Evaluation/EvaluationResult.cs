using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepScan.Detection.Evaluation;

/// <summary>What happened to one labelled item.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ItemOutcome>))]
public enum ItemOutcome
{
    [JsonStringEnumMemberName("scored")] Scored,
    [JsonStringEnumMemberName("no-faces")] NoFaces,
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>One item's scores: the ensemble's and each member's fake probability (null where not scored), and the
/// value of the labels column the evaluation is broken down by, if any.</summary>
public sealed record ItemScore(
    string File,
    bool IsFake,
    ItemOutcome Outcome,
    double? Ensemble,
    Dictionary<string, double?> Members,
    string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Group = null);

/// <summary>Which model file a member scored with, and on which device (<c>cpu</c> or <c>cuda</c>): the int8 copy
/// on the CPU and the float file on CUDA score slightly differently, so an evaluation says which it measured.</summary>
public sealed record MemberRun(string Model, string Device)
{
    /// <summary><c>member file (device)</c>, as eval's table and report print it.</summary>
    public string Describe(string member) => $"{member} {Model} ({Device})";
}

/// <summary>The evaluation of a labelled set: metrics per member and for the ensemble, and every item's scores.</summary>
/// <param name="Metrics">Keyed by member name, plus <see cref="EnsembleKey"/>; computed over scored items only.</param>
/// <param name="GroupColumn">The labels column the evaluation is also broken down by (<c>eval --by</c>), or
/// null.</param>
/// <param name="Groups">Per value of that column, the same metrics over its items only; null without a column.</param>
/// <param name="Baseline">This run against an earlier one of the same items (<c>eval --baseline</c>), or null.</param>
/// <param name="Models">Per member, the file and device it ran on; null in results written before this field.</param>
public sealed record EvaluationResult(
    string LabelsFile,
    string Kind,
    string Strategy,
    int Items,
    int Scored,
    int NoFaces,
    int Failed,
    Dictionary<string, double> Weights,
    Dictionary<string, BinaryMetrics> Metrics,
    ItemScore[] Scores,
    double WallSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GroupColumn = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    Dictionary<string, Dictionary<string, BinaryMetrics>>? Groups = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BaselineComparison? Baseline = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, MemberRun>? Models = null)
{
    public const string EnsembleKey = "ensemble";

    /// <summary>Builds the result, computing each scorer's metrics over the items it scored, and with
    /// <paramref name="groupColumn"/> also per value of the items' <see cref="ItemScore.Group"/>.</summary>
    public static EvaluationResult From(
        string labelsFile,
        string kind,
        string strategy,
        Dictionary<string, double> weights,
        IReadOnlyList<ItemScore> scores,
        double wallSeconds,
        string? groupColumn = null,
        Dictionary<string, MemberRun>? models = null)
    {
        var groups = groupColumn is null
            ? null
            : scores.GroupBy(s => s.Group ?? "").OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => MetricsOf(g.ToList(), weights.Keys));
        return new EvaluationResult(
            labelsFile,
            kind,
            strategy,
            scores.Count,
            scores.Count(s => s.Outcome == ItemOutcome.Scored),
            scores.Count(s => s.Outcome == ItemOutcome.NoFaces),
            scores.Count(s => s.Outcome == ItemOutcome.Failed),
            weights,
            MetricsOf(scores, weights.Keys),
            scores.ToArray(),
            wallSeconds,
            groupColumn,
            groups,
            Models: models);
    }

    private static Dictionary<string, BinaryMetrics> MetricsOf(
        IReadOnlyList<ItemScore> scores, IEnumerable<string> members)
    {
        var metrics = new Dictionary<string, BinaryMetrics>
        {
            [EnsembleKey] = BinaryMetrics.Compute(scores.Where(s => s.Ensemble is not null)
                .Select(s => (s.Ensemble!.Value, s.IsFake)).ToList()),
        };
        foreach (var member in members)
        {
            metrics[member] = BinaryMetrics.Compute(scores
                .Where(s => s.Members.GetValueOrDefault(member) is not null)
                .Select(s => (s.Members[member]!.Value, s.IsFake)).ToList());
        }

        return metrics;
    }
}

/// <summary>Source-generated JSON for <c>deepscan eval --json</c>.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(EvaluationResult))]
public sealed partial class EvaluationJsonContext : JsonSerializerContext;
