using System.Text.Json;
using DeepScan.Detection.Scoring;

namespace DeepScan.Detection.Tests.Scoring;

public sealed class VerdictAssemblerTests
{
    private static readonly SourceInfo Source = new("v.mp4", null, 10, 10, 30, 1920, 1080, 300, 0);
    private static readonly string[] Members = ["meso4", "spectrum"];
    private static readonly double[] Weights = [0.6, 0.7];

    private static ChunkScores Chunk(int index, params FrameScores[] frames) =>
        new(index, Members, Weights, frames, ["cpu", "cpu"], new("blazeface", "cpu"), new StageTimings(10, 20, 30));

    private static FaceScore Face(float meso, float spectrum) => new(
        new FaceBox(1, 2, 30, 40), 0.9f, [meso, spectrum], EnsembleScorer.Combine([meso, spectrum], Weights));

    [Fact]
    public void TheVerdictSaysWhereEachModelRan()
    {
        var onGpu = Chunk(0, new FrameScores(0, 0, [Face(0.7f, 0.9f)])) with
        {
            MemberDevices = ["cuda", "cpu"],
            MemberModels = ["meso4.onnx", "spectrum.json"],
            Detector = new DetectorSummary("yunet", "cuda"),
        };

        var verdict = new VerdictAssembler(new TrimmedMeanAggregator())
            .Assemble(new VerdictInputs(Source, [onGpu], 1, 1, [], 10));

        Assert.Equal(["cuda", "cpu"], verdict.Models.Select(m => m.Device));
        Assert.Equal(["meso4.onnx", "spectrum.json"], verdict.Models.Select(m => m.Model));
        Assert.Equal(new DetectorSummary("yunet", "cuda"), verdict.Detector);
        Assert.Equal("cpu,cuda", verdict.Device);
    }

    [Fact]
    public void AFrameThatSeveralChunksTookIsScoredOnce()
    {
        // A variable-rate video with no frame for 3 s: the targets of both chunks in the gap took the frame after it.
        var after = new FrameScores(180, 6.04, [Face(0.9f, 0.9f)]);
        var inputs = new VerdictInputs(
            Source,
            [Chunk(0, new FrameScores(0, 0, [Face(0.1f, 0.1f)]), after), Chunk(1, after with { }, new FrameScores(200, 6.67, []))],
            ChunksPlanned: 2,
            FramesSampled: 4,
            [],
            TotalMs: 100);

        var verdict = new VerdictAssembler(new MeanAggregator()).Assemble(inputs);

        Assert.Equal([0, 180, 200], verdict.Frames.Select(f => f.Index));
        Assert.Equal(2, verdict.Aggregation.FacesScored);
        Assert.Equal((0.1 + 0.9) / 2, verdict.FakeProbability!.Value, 5);
    }

    [Fact]
    public void FacesGiveAFakeOrRealVerdictWithMemberSummaries()
    {
        var inputs = new VerdictInputs(
            Source,
            [Chunk(1, new FrameScores(40, 1.33, [Face(0.9f, 0.8f)])), Chunk(0, new FrameScores(0, 0, [Face(0.7f, 0.9f)]))],
            ChunksPlanned: 2,
            FramesSampled: 2,
            [],
            TotalMs: 100);

        var verdict = new VerdictAssembler(new TrimmedMeanAggregator()).Assemble(inputs);

        Assert.Equal(VerdictState.Fake, verdict.Verdict);
        Assert.Equal([0, 40], verdict.Frames.Select(f => f.Index));
        Assert.Equal(0.8, verdict.Models[0].MeanFakeProbability!.Value, 5);
        Assert.Equal(0.6 / 1.3, verdict.Models[0].Share, 5);
        Assert.Equal(20, verdict.Timings.DecodeMs);
        Assert.Equal("trimmed-mean", verdict.Aggregation.Strategy);
        Assert.Null(verdict.Warnings);
    }

    [Fact]
    public void NoFacesIsItsOwnStateWithoutAProbability()
    {
        var inputs = new VerdictInputs(Source, [Chunk(0, new FrameScores(0, 0, []))], 1, 1, [], 5);

        var verdict = new VerdictAssembler(new TrimmedMeanAggregator()).Assemble(inputs);

        Assert.Equal(VerdictState.NoFaces, verdict.Verdict);
        Assert.Null(verdict.FakeProbability);
        Assert.All(verdict.Models, m => Assert.Null(m.MeanFakeProbability));
    }

    [Fact]
    public void FailedChunksMakeAPartialVerdictThatSaysSo()
    {
        var inputs = new VerdictInputs(
            Source, [Chunk(0, new FrameScores(0, 0, [Face(0.1f, 0.2f)]))], 2, 16, ["chunk 1: ffmpeg failed"], 5);

        var verdict = new VerdictAssembler(new MeanAggregator()).Assemble(inputs);

        Assert.Equal(VerdictState.Real, verdict.Verdict);
        Assert.Contains("1 of 2 chunks", verdict.Warnings![0]);
        Assert.Equal(1, verdict.Aggregation.ChunksScored);
    }

    [Fact]
    public void NoScoredChunkIsAnErrorVerdictWithTheReason()
    {
        var inputs = new VerdictInputs(Source, [], 2, 16, ["chunk 0: decode failed"], 5);

        var verdict = new VerdictAssembler(new MeanAggregator()).Assemble(inputs);

        Assert.Equal(VerdictState.Error, verdict.Verdict);
        Assert.Contains("decode failed", verdict.Error);
        Assert.Null(verdict.FakeProbability);
    }

    [Fact]
    public void DocumentRoundTripsThroughTheSourceGeneratedContractWithKebabCaseStates()
    {
        var inputs = new VerdictInputs(Source, [Chunk(0, new FrameScores(0, 0, []))], 1, 1, [], 5);
        var verdict = new VerdictAssembler(new TrimmedMeanAggregator()).Assemble(inputs);

        var json = JsonSerializer.Serialize(verdict, DetectionJsonContext.Default.VerdictDocument);
        var back = JsonSerializer.Deserialize(json, DetectionJsonContext.Default.VerdictDocument)!;

        Assert.Contains("\"verdict\": \"no-faces\"", json);
        Assert.Contains("\"schemaVersion\": 1", json);
        Assert.Equal(verdict.Verdict, back.Verdict);
        Assert.Equal(verdict.Source, back.Source);
    }
}
