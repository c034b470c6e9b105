using System.Diagnostics;
using DeepScan.Cli.Scanning;
using DeepScan.Detection;
using DeepScan.Detection.Evaluation;
using DeepScan.Detection.Imaging;
using DeepScan.Detection.Scoring;
using DeepScan.Detection.Video;

namespace DeepScan.Cli.Evaluation;

/// <summary>
/// Scores every item of a labels file: videos through the same in-process scan as <c>deepscan scan</c> (in parallel),
/// face crops directly with the ensemble members. One unreadable item never stops the run; it is counted and listed.
/// </summary>
internal sealed class LabelledSetEvaluator(LocalScanner scanner, string aggregation, int parallelism)
{
    private static readonly HashSet<string> ImageExtensions =
        new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".webp" };

    public static bool IsImage(LabelledItem item) => ImageExtensions.Contains(Path.GetExtension(item.Path));

    /// <param name="groupBy">A labels column (its name and its index among the items' extra fields) to break the
    /// metrics down by, or null.</param>
    public async Task<EvaluationResult> EvaluateAsync(
        string labelsFile,
        IReadOnlyList<LabelledItem> items,
        Action onItemDone,
        CancellationToken cancellationToken,
        (string Name, int Index)? groupBy = null)
    {
        var clock = Stopwatch.StartNew();
        var engine = scanner.Engine;
        var weights = engine.MemberNames.Zip(engine.Weights).ToDictionary(p => p.First, p => p.Second);
        var models = engine.MemberNames
            .Select((name, i) => (name, run: new MemberRun(engine.MemberModels[i], engine.MemberDevices[i])))
            .ToDictionary(m => m.name, m => m.run);
        var scores = new ItemScore[items.Count];

        var images = items.Select((item, i) => (item, i)).Where(x => IsImage(x.item)).ToList();
        foreach (var batch in images.Chunk(16))
        {
            foreach (var (i, score) in await ScoreImagesAsync(batch, cancellationToken))
            {
                scores[i] = score;
                onItemDone();
            }
        }

        await Parallel.ForEachAsync(
            items.Select((item, i) => (item, i)).Where(x => !IsImage(x.item)),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (x, ct) =>
            {
                scores[x.i] = await ScoreVideoAsync(x.item, ct);
                onItemDone();
            });

        if (groupBy is { Index: var column })
        {
            for (var i = 0; i < scores.Length; i++)
            {
                var extra = items[i].Extra;
                scores[i] = scores[i] with { Group = extra is not null && column < extra.Length ? extra[column] : "" };
            }
        }

        var kind = images.Count == items.Count ? "face-crop" : images.Count == 0 ? "video" : "mixed";
        return EvaluationResult.From(
            labelsFile, kind, aggregation, weights, scores, clock.Elapsed.TotalSeconds, groupBy?.Name, models);
    }

    private async Task<IEnumerable<(int Index, ItemScore Score)>> ScoreImagesAsync(
        (LabelledItem Item, int Index)[] batch, CancellationToken cancellationToken)
    {
        var results = new List<(int, ItemScore)>();
        var readable = new List<(LabelledItem Item, int Index, RgbImage Image)>();
        foreach (var (item, index) in batch)
        {
            try
            {
                readable.Add((item, index, await ImageFileReader.ReadAsync(item.Path, cancellationToken)));
            }
            catch (VideoInputException ex)
            {
                results.Add((index, Failed(item, ex.Message)));
            }
        }

        if (readable.Count > 0)
        {
            var faces = await scanner.Engine.ScoreCropsAsync(readable.Select(r => r.Image).ToList(), cancellationToken);
            results.AddRange(readable.Select((r, k) => (r.Index, new ItemScore(
                r.Item.File, r.Item.IsFake, ItemOutcome.Scored, Nullable(faces[k].FakeProbability),
                scanner.Engine.MemberNames.Select((name, m) => (name, Nullable(faces[k].MemberScores[m])))
                    .ToDictionary(p => p.name, p => p.Item2)))));
        }

        return results;
    }

    private async Task<ItemScore> ScoreVideoAsync(LabelledItem item, CancellationToken cancellationToken)
    {
        if (!File.Exists(item.Path))
        {
            return Failed(item, "file not found");
        }

        VerdictDocument verdict;
        try
        {
            verdict = (await scanner.ScanAsync(item.Path, cancellationToken)).Verdict;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or VideoInputException
            or InvalidOperationException)
        {
            return Failed(item, ex.Message);
        }

        var members = MemberVideoScores(verdict);
        return verdict.Verdict switch
        {
            VerdictState.Error => Failed(item, verdict.Error ?? "the scan failed"),
            VerdictState.NoFaces => new ItemScore(item.File, item.IsFake, ItemOutcome.NoFaces, null, members),
            _ => new ItemScore(item.File, item.IsFake, ItemOutcome.Scored, verdict.FakeProbability, members),
        };
    }

    /// <summary>Each member's video-level probability: the same per-video aggregate over that member's face scores.</summary>
    private Dictionary<string, double?> MemberVideoScores(VerdictDocument verdict)
    {
        var aggregator = VideoAggregator.FromName(verdict.Aggregation.Strategy is "none" ? aggregation : verdict.Aggregation.Strategy);
        return verdict.Models.ToDictionary(
            m => m.Name,
            m => aggregator.Aggregate(verdict.Frames.SelectMany(f => f.Faces)
                .Select(face => face.Scores.GetValueOrDefault(m.Name))
                .Where(s => s is not null).Select(s => s!.Value).ToList()));
    }

    private static ItemScore Failed(LabelledItem item, string error) =>
        new(item.File, item.IsFake, ItemOutcome.Failed, null, [], error);

    private static double? Nullable(float value) => float.IsNaN(value) ? null : value;
}
