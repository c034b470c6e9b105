using System.Text.Json;
using DeepScan.Detection;
using DeepScan.Detection.Scoring;
using DeepScan.Workflow.Http;
using DeepScan.Workflow.Scans;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Tests.Http;

public sealed class WorkflowJsonTests
{
    [Theory]
    [InlineData(ScanStatus.Pending, "pending")]
    [InlineData(ScanStatus.Running, "running")]
    [InlineData(ScanStatus.Completed, "completed")]
    [InlineData(ScanStatus.Failed, "failed")]
    public void Writes_statuses_in_lowercase(ScanStatus status, string name) =>
        Assert.Equal(
            $"{{\"id\":\"s1\",\"status\":\"{name}\"}}", WorkflowJson.Serialize(new ScanStatusResponse("s1", status)));

    [Fact]
    public void Shows_the_verdict_only_once_the_scan_has_finished()
    {
        var now = DateTimeOffset.UnixEpoch;
        var verdict = VerdictAssembler.Failed(new SourceInfo("a.mp4", null, null, 0, 0, 0, 0, 0, 0), "Not a video.");
        var running = new ScanRecord("s1", "a.mp4", "v", ScanStatus.Running, now, now, []);

        Assert.Null(ScanStatusResponse.From(running, verdict).Verdict);
        var failed = running with { Status = ScanStatus.Failed };
        var json = WorkflowJson.Serialize(ScanStatusResponse.From(failed, verdict));
        Assert.StartsWith("{\"id\":\"s1\",\"status\":\"failed\",\"verdict\":{\"schemaVersion\":1,", json);
        Assert.Contains("\"verdict\":\"error\"", json);
        Assert.Contains("\"error\":\"Not a video.\"", json);
    }

    [Fact]
    public void Writes_the_accepted_answer() =>
        Assert.Equal(
            "{\"id\":\"s 1\",\"statusUrl\":\"/api/scans/s%201\"}",
            WorkflowJson.Serialize(ScanAccepted.For("s 1")));

    [Fact]
    public void Reads_scan_requests_and_refuses_unknown_properties()
    {
        Assert.Equal(
            new ScanRequest("a.mp4", null, "https://h.example/x"),
            WorkflowJson.Deserialize<ScanRequest>("{\"blobName\":\"a.mp4\",\"callbackUrl\":\"https://h.example/x\"}"));
        Assert.Throws<JsonException>(
            () => WorkflowJson.Deserialize<ScanRequest>("{\"blobName\":\"a\",\"callbackURI\":\"x\"}"));
    }

    [Fact]
    public void Writes_problem_details_in_the_rfc_9457_shape()
    {
        var problem = ProblemDocument.InvalidRequest(
            [new ScanRequestError("blobName", ScanRequestErrorCode.UnsafeName, "blobName starts with '/'.")]);

        Assert.Equal(
            "{\"type\":\"urn:deepscan:problem:invalid-scan-request\",\"title\":\"The scan request is invalid.\","
            + "\"status\":400,\"detail\":\"blobName starts with \\u0027/\\u0027.\","
            + "\"errors\":[{\"pointer\":\"#/blobName\","
            + "\"code\":\"unsafe-name\",\"detail\":\"blobName starts with \\u0027/\\u0027.\"}]}",
            WorkflowJson.Serialize(problem));
    }

    [Fact]
    public void Carries_nan_member_scores_through_history()
    {
        var scores = new ChunkScores(
            2,
            ["a", "b"],
            [1, 1],
            [new FrameScores(4, 0.13, [new FaceScore(new FaceBox(1, 2, 3, 4), 0.9f, [0.3f, float.NaN], 0.3f)])],
            ["cuda", "cpu"],
            new DetectorSummary("blazeface", "cuda"),
            StageTimings.Zero,
            ["a.onnx", "b.int8.onnx"]);

        var back = WorkflowJson.Deserialize<ChunkScores>(WorkflowJson.Serialize(scores))!;

        Assert.True(float.IsNaN(back.Frames[0].Faces[0].MemberScores[1]));
        Assert.Equal(0.3f, back.Frames[0].Faces[0].MemberScores[0]);
        Assert.Equal(["cuda", "cpu"], back.MemberDevices);
        Assert.Equal(["a.onnx", "b.int8.onnx"], back.MemberModels);
        Assert.Equal(new DetectorSummary("blazeface", "cuda"), back.Detector);
    }

    [Fact]
    public void Reads_plans_and_settings_from_histories_written_before_seeking_and_sampling_rates()
    {
        var chunk = WorkflowJson.Deserialize<PlannedChunk>("{\"index\":1,\"frameIndices\":[9,19],\"referenceFramesOnly\":true}")!;
        var settings = WorkflowJson.Deserialize<ScanSettings>(
            "{\"framesPerVideo\":32,\"framesPerChunk\":8,\"aggregation\":\"mean\",\"threshold\":0.5,\"webhookMaxAttempts\":3}")!;

        Assert.Null(chunk.Seek);
        Assert.Equal((0, ScanOptions.DefaultMaxFrames), (settings.FramesPerSecond, settings.MaxFrames));
    }

    [Fact]
    public void Keeps_a_chunks_seek_small_in_history()
    {
        var chunk = new PlannedChunk(3, [1200, 1300], true, new ChunkSeek([1000, 1250], 0.0334, 148));

        var json = WorkflowJson.Serialize(chunk);
        var back = WorkflowJson.Deserialize<PlannedChunk>(json)!;

        Assert.Equal(
            "{\"index\":3,\"frameIndices\":[1200,1300],\"referenceFramesOnly\":true,"
            + "\"seek\":{\"from\":[1000,1250],\"originSeconds\":0.0334,\"x264Build\":148}}",
            json);
        Assert.Equal(chunk.Seek!.From, back.Seek!.From);
        Assert.Equal((0.0334, 148), (back.Seek.OriginSeconds, back.Seek.X264Build));
    }
}
