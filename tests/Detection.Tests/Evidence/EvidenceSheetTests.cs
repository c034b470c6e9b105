using DeepScan.Detection.Evidence;
using DeepScan.Detection.Imaging;
using DeepScan.Detection.Scoring;
using OpenCvSharp;

namespace DeepScan.Detection.Tests.Evidence;

public sealed class EvidenceSheetTests
{
    private static readonly SourceInfo Source = new("v.mp4", null, 10, 10, 30, 1920, 1080, 300, 0);

    [Theory]
    [InlineData(1, 480, EvidenceSheet.HeaderHeight + EvidenceSheet.TileHeight)]
    [InlineData(8, 8 * EvidenceSheet.TileWidth, EvidenceSheet.HeaderHeight + EvidenceSheet.TileHeight)]
    [InlineData(9, 8 * EvidenceSheet.TileWidth, EvidenceSheet.HeaderHeight + 2 * EvidenceSheet.TileHeight)]
    public void SheetIsAValidPngOfTheExpectedSize(int faces, int width, int height)
    {
        var verdict = Verdict(Enumerable.Range(0, faces).Select(i => i % 2 == 0 ? 0.9f : 0.1f).ToArray());
        var thumbnails = Enumerable.Range(0, faces).Select(i => new FaceThumbnail(i * 10, 0, Face(80, 96))).ToList();

        using var decoded = Cv2.ImDecode(EvidenceSheet.RenderPng(verdict, thumbnails), ImreadModes.Color);

        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        Assert.Equal((width, height), EvidenceSheet.SizeFor(faces));
        // The first face scored 0.9: its frame is red (BGR), the second's (0.1) green.
        var red = decoded.At<Vec3b>(EvidenceSheet.HeaderHeight + 5, (EvidenceSheet.TileWidth - 104) / 2 + 1);
        Assert.True(red.Item2 > 200 && red.Item1 < 100, $"first frame colour {red.Item0},{red.Item1},{red.Item2}");
        if (faces > 1)
        {
            var green = decoded.At<Vec3b>(
                EvidenceSheet.HeaderHeight + 5, EvidenceSheet.TileWidth + (EvidenceSheet.TileWidth - 104) / 2 + 1);
            Assert.True(green.Item1 > 200 && green.Item2 < 100, $"second frame colour {green.Item0},{green.Item1},{green.Item2}");
        }
    }

    [Fact]
    public void NoFacesStillGivesAHeader()
    {
        var verdict = VerdictAssembler.Failed(Source, "not a video");

        using var decoded = Cv2.ImDecode(EvidenceSheet.RenderPng(verdict, []), ImreadModes.Color);

        Assert.Equal(EvidenceSheet.SizeFor(0), (decoded.Width, decoded.Height));
    }

    private static RgbImage Face(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        new Random(width).NextBytes(pixels);
        return new RgbImage(width, height, pixels);
    }

    private static VerdictDocument Verdict(float[] probabilities)
    {
        var frames = probabilities.Select((p, i) => new FrameScores(
            i * 10, i / 3.0, [new FaceScore(new FaceBox(0, 0, 80, 96), 0.9f, [p], p)])).ToArray();
        var chunk = new ChunkScores(
            0, ["m"], [1], frames, ["cpu"], new DetectorSummary("blazeface", "cpu"), StageTimings.Zero);
        return new VerdictAssembler(new TrimmedMeanAggregator())
            .Assemble(new VerdictInputs(Source, [chunk], 1, frames.Length, [], 1));
    }
}
