using System.Text.Json;
using DeepScan.Detection;
using DeepScan.Detection.Evidence;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Tests.Storage;

/// <summary>Records, verdicts and videos the store tests write.</summary>
internal static class StoreSamples
{
    public static readonly DateTimeOffset Created = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A 1 s, 298x298 Celeb-DF clip from ../shared (read by path, never copied).</summary>
    public static string SharedVideo => Path.GetFullPath(
        Path.Combine(AzuriteProcess.RepoRoot(), "..", "shared", "data", "videos", "real", "celebdf-00279.mp4"));

    public const string SharedVideoSha256 = "3f0c0d100e6b8b861fb6bce9d1bea7e51f0f2fc29aeb50732949f2b988348209";

    public static string NewScanId() => ScanIds.For(Guid.NewGuid().ToString("N") + "/clip.mp4", "0x8DC0FFEE");

    public static ScanRecord Record(string scanId) => new(
        scanId,
        "0f3a/clip.mp4",
        "0x8DC0FFEE",
        ScanStatus.Pending,
        Created,
        Created,
        [new WebhookRegistration("https://example.test/hook", "whsec_c2VjcmV0")],
        Deliveries: [new WebhookDeliveryRecord("https://example.test/old", false, 3, 503, "unavailable")]);

    public static VerdictDocument Verdict(double fakeProbability) => new(
        VerdictDocument.CurrentSchemaVersion,
        new SourceInfo("clip.mp4", SharedVideoSha256, 15108, 1.0, 24, 298, 298, 24, 0),
        fakeProbability >= 0.5 ? VerdictState.Fake : VerdictState.Real,
        fakeProbability,
        0.5,
        new AggregationInfo("trimmed-mean", 3, 8, 3, 1, 1),
        [new MemberSummary("meso4-df", 0.9, 1.0, fakeProbability)],
        [
            new FrameReport(0, 0.0, [
                new FaceReport(
                    new FaceBox(10, 12, 100, 110), 0.98, new() { ["meso4-df"] = fakeProbability }, fakeProbability),
            ]),
        ],
        "cpu",
        new TimingsInfo(10, 20, 30, 70),
        "0.1.0");

    /// <summary>One chunk's thumbnails; the store keeps bytes and never decodes them, so they are random here.</summary>
    public static ChunkEvidence ChunkEvidence(int chunkIndex, int seed = 0)
    {
        var png = new byte[3000];
        new Random(chunkIndex * 31 + seed).NextBytes(png);
        return new ChunkEvidence(
            chunkIndex, [new EvidenceFace(chunkIndex * 8, 0, new FaceBox(10, 12, 100, 110), png)]);
    }

    /// <summary>Bytes standing for a sheet; the store never decodes them.</summary>
    public static byte[] Sheet(int seed)
    {
        var png = new byte[20_000];
        new Random(seed).NextBytes(png);
        return png;
    }

    public static string Json(ChunkEvidence evidence) =>
        JsonSerializer.Serialize(evidence, DetectionJsonContext.Default.ChunkEvidence);

    public static string Json(VerdictDocument? verdict) =>
        verdict is null ? "null" : JsonSerializer.Serialize(verdict, DetectionJsonContext.Default.VerdictDocument);

    public static string Json(ScanRecord? record) =>
        record is null ? "null" : JsonSerializer.Serialize(record, StorageJsonContext.Default.ScanRecord);
}
