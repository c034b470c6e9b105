using DeepScan.Cli.Commands;
using DeepScan.Cli.Evaluation;
using DeepScan.Cli.Scanning;
using DeepScan.Detection.Evaluation;
using DeepScan.Detection.Tests;
using DeepScan.Detection.Tests.Video;

namespace DeepScan.Cli.Tests.Commands;

[Collection(LiveConsoleCollection.Name)]
public sealed class EvalCommandTests(GeneratedVideos media) : IClassFixture<GeneratedVideos>
{
    private string Labels(string name, string text)
    {
        var path = Path.Combine(media.Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Evaluates a labels file as eval does, with a small scan (4 frames) so that videos stay quick.</summary>
    private static async Task<EvaluationResult> EvaluateAsync(string labels, (string, int)? groupBy = null)
    {
        using var scanner = new LocalScanner(new ScanCliOptions(Frames: 4, ChunkSize: 4));
        return await new LabelledSetEvaluator(scanner, "trimmed-mean", 2)
            .EvaluateAsync(labels, LabelsFile.Read(labels), () => { }, CancellationToken.None, groupBy);
    }

    [Theory]
    [InlineData("path,label\nx.mp4,FAKE\n")]
    [InlineData("file,label\nx.mp4,SUSPICIOUS\n")]
    [InlineData("file,label\n")]
    public async Task UnusableLabelsFileExitsWithTheBadInputCode(string text) =>
        Assert.Equal(ExitCodes.BadInput, await EvalCommand.RunAsync(
            new FileInfo(Labels("bad.csv", text)), null, null, 1, new ScanCliOptions(), false, CancellationToken.None));

    [Fact]
    public async Task BreakingDownByAColumnTheLabelsFileLacksExitsWithTheBadInputCode() =>
        Assert.Equal(ExitCodes.BadInput, await EvalCommand.RunAsync(
            new FileInfo(Labels("nodataset.csv", "file,label,source\nx.mp4,FAKE,a\n")), null, null, 1, new ScanCliOptions(),
            false, CancellationToken.None, groupColumn: "dataset"));

    [Fact]
    public async Task UnreadableItemsAreCountedAndListedWhileTheRestIsScored()
    {
        var labels = Labels("mixed.csv", string.Join('\n',
            "file,label",
            $"{TestPaths.Face("fake/mesonet-df00204.jpg")},FAKE",
            $"{TestPaths.Face("real/mesonet-real00240.jpg")},REAL",
            "missing.mp4,FAKE",
            $"{media.Write("notes.mp4", "text, not video"u8.ToArray())},REAL",
            $"{media.Small},REAL"));

        var result = await EvaluateAsync(labels);

        Assert.Equal((5, 2, 1, 2), (result.Items, result.Scored, result.NoFaces, result.Failed));
        Assert.Contains(result.Scores, s => s.File == "missing.mp4" && s.Error == "file not found");
        Assert.Contains(result.Scores, s => s.File.EndsWith("notes.mp4") && s.Outcome == ItemOutcome.Failed);
        // The metrics cover the two scored faces only: one fake and one real, so the AUC is defined and says whether
        // the fake scored higher (whichever way the shipped model ranks these two faces).
        Assert.Equal(2, result.Metrics[EvaluationResult.EnsembleKey].Count);
        var fake = result.Scores.Single(s => s.Outcome == ItemOutcome.Scored && s.IsFake).Ensemble!.Value;
        var real = result.Scores.Single(s => s.Outcome == ItemOutcome.Scored && !s.IsFake).Ensemble!.Value;
        Assert.Equal(fake > real ? 1.0 : 0.0, result.Metrics[EvaluationResult.EnsembleKey].Auc);
    }

    [Fact]
    public async Task ABaselineThatCannotBeReadOrLabelsAFileOtherwiseStopsBeforeAnythingIsScanned()
    {
        var labels = new FileInfo(Labels("baseline.csv", $"file,label\n{media.Small},REAL\n"));
        var clashing = EvaluationResult.From("baseline.csv", "video", "trimmed-mean", [],
            [new ItemScore(media.Small, true, ItemOutcome.Scored, 0.9, [])], 1);
        var clashingJson = Path.Combine(media.Folder, "clashing.json");
        await File.WriteAllTextAsync(clashingJson,
            System.Text.Json.JsonSerializer.Serialize(clashing, EvaluationJsonContext.Default.EvaluationResult));
        var notJson = Labels("notjson.json", "file,label\n");
        var verdict = Labels("verdict.json", """{"verdict":"real","fakeProbability":0.2}""");
        var disjoint = Path.Combine(media.Folder, "disjoint.json");
        await File.WriteAllTextAsync(disjoint, System.Text.Json.JsonSerializer.Serialize(
            clashing with { Scores = [new ItemScore("other.mp4", false, ItemOutcome.Scored, 0.1, [])] },
            EvaluationJsonContext.Default.EvaluationResult));

        foreach (var baseline in new[] { clashingJson, notJson, verdict, disjoint, Path.Combine(media.Folder, "absent.json") })
        {
            Assert.Equal(ExitCodes.BadInput, await EvalCommand.RunAsync(labels, null, null, 1, new ScanCliOptions(), false,
                CancellationToken.None, baselineFile: new FileInfo(baseline)));
        }
    }

    [Fact]
    public async Task ARunThatCouldReadNoItemIsBadInput()
    {
        var labels = new FileInfo(Labels("unreadable.csv", "file,label\nnope1.mp4,REAL\nnope2.mp4,FAKE\n"));

        Assert.Equal(ExitCodes.BadInput, await EvalCommand.RunAsync(
            labels, null, null, 1, new ScanCliOptions(), false, CancellationToken.None));
    }

    [Fact]
    public async Task ARunComparedWithItsOwnJsonDiffersByNothing()
    {
        var labels = Labels("self.csv", string.Join('\n',
            "file,label",
            $"{TestPaths.Face("fake/mesonet-df00204.jpg")},FAKE",
            $"{TestPaths.Face("real/mesonet-real00240.jpg")},REAL"));
        var result = await EvaluateAsync(labels);
        var saved = System.Text.Json.JsonSerializer.Deserialize(
            System.Text.Json.JsonSerializer.Serialize(result, EvaluationJsonContext.Default.EvaluationResult),
            EvaluationJsonContext.Default.EvaluationResult)!;

        var comparison = BaselineComparison.Compare(result, saved, "self.json");

        Assert.Equal(new MemberRun("resnet18_sbi.int8.onnx", "cpu"), saved.Models!["resnet18-sbi"]);

        var ensemble = comparison.Scorers[EvaluationResult.EnsembleKey];
        Assert.Equal(2, ensemble.Count);
        Assert.Equal((0.0, 0.0), (ensemble.AucDifference!.Value, ensemble.LogLossDifference));
        Assert.Equal(new ConfidenceInterval(0, 0), ensemble.AucDifferenceInterval);
    }

    [Fact]
    public async Task EachItemIsGroupedByItsValueInTheChosenColumn()
    {
        var labels = Labels("grouped.csv", string.Join('\n',
            "file,label,source,dataset",
            $"{TestPaths.Face("fake/mesonet-df00204.jpg")},FAKE,x,mesonet",
            $"{TestPaths.Face("real/mesonet-real00240.jpg")},REAL,y,mesonet",
            $"{media.Small},REAL,z,"));

        var result = await EvaluateAsync(labels, ("dataset", 1));

        Assert.Equal(["mesonet", "mesonet", ""], result.Scores.Select(s => s.Group));
        Assert.Equal(["", "mesonet"], result.Groups!.Keys);
        Assert.Equal(2, result.Groups["mesonet"][EvaluationResult.EnsembleKey].Count);
    }
}
