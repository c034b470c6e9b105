using DeepScan.Detection.Evidence;
using DeepScan.Detection.Imaging;
using DeepScan.Detection.Scoring;
using OpenCvSharp;

namespace DeepScan.Detection.Tests.Evidence;

public sealed class EvidenceSheetTests
{
    private static readonly SourceInfo Source = new("v.mp4", null, 10, 10, 30, 1920, 1080, 300, 0);
    private static readonly FaceBox Box = new(0, 0, 80, 96);

    [Theory]
    [InlineData(1, 480, EvidenceSheet.HeaderHeight + EvidenceSheet.TileHeight)]
    [InlineData(8, 8 * EvidenceSheet.TileWidth, EvidenceSheet.HeaderHeight + EvidenceSheet.TileHeight)]
    [InlineData(9, 8 * EvidenceSheet.TileWidth, EvidenceSheet.HeaderHeight + 2 * EvidenceSheet.TileHeight)]
    public void SheetIsAValidPngOfTheExpectedSize(int faces, int width, int height)
    {
        var verdict = Verdict(Enumerable.Range(0, faces).Select(i => i % 2 == 0 ? 0.9f : 0.1f).ToArray());
        var thumbnails = Enumerable.Range(0, faces).Select(i => new FaceThumbnail(i * 10, 0, Box, Face(80, 96))).ToList();

        using var decoded = Cv2.ImDecode(EvidenceSheet.RenderPng(verdict, thumbnails), ImreadModes.Color);

        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        Assert.Equal((width, height), EvidenceSheet.SizeFor(faces));
        Assert.Equal((width, height), EvidenceSheet.SizeFor(verdict));
        // The first face scored 0.9: its frame is red (BGR), the second's (0.1) green.
        var red = decoded.At<Vec3b>(EvidenceSheet.HeaderHeight + 5, FrameLeft(0));
        Assert.True(red.Item2 > 200 && red.Item1 < 100, $"first frame colour {red.Item0},{red.Item1},{red.Item2}");
        if (faces > 1)
        {
            var green = decoded.At<Vec3b>(EvidenceSheet.HeaderHeight + 5, FrameLeft(1));
            Assert.True(green.Item1 > 200 && green.Item2 < 100, $"second frame colour {green.Item0},{green.Item1},{green.Item2}");
        }
    }

    [Fact]
    public void PastMaxTilesTheSheetShowsTheMostFakeHalfAndAnEvenSpreadOfTheRest()
    {
        // 1,000 frames of one face each; frames 500-549 score highest (0.99), the rest 0.2.
        var probabilities = Enumerable.Range(0, 1000).Select(i => i is >= 500 and < 550 ? 0.99f : 0.2f).ToArray();
        var verdict = Verdict(probabilities);

        var shown = EvidenceSheet.FacesShown(verdict);

        Assert.Equal(EvidenceSheet.MaxTiles, shown.Count);
        Assert.All(Enumerable.Range(500, 50), i => Assert.Contains((i * 10, 0), shown)); // every high scorer
        Assert.Contains(shown, f => f.Frame < 100); // and the rest of the video, start to end
        Assert.Contains(shown, f => f.Frame > 9_000);
        Assert.Equal(EvidenceSheet.SizeFor(EvidenceSheet.MaxTiles), EvidenceSheet.SizeFor(verdict));
    }

    [Fact]
    public void ACappedSheetDecodesAndDrawsOnlyTheFacesItShows()
    {
        var verdict = Verdict(Enumerable.Range(0, 300).Select(i => i % 7 == 0 ? 0.9f : 0.1f).ToArray());
        var shown = EvidenceSheet.FacesShown(verdict);
        // A face not shown whose stored bytes are not an image: never decoded, so no error.
        var evidence = new ChunkEvidence(0, Enumerable.Range(0, 300)
            .Select(i => new EvidenceFace(i * 10, 0, Box,
                shown.Contains((i * 10, 0)) ? ThumbnailPng.Encode(Face(80, 96)) : [1, 2, 3]))
            .ToArray());

        using var decoded = Cv2.ImDecode(
            EvidenceSheet.RenderPng(verdict, evidence.Thumbnails(shown)), ImreadModes.Color);

        Assert.Equal(EvidenceSheet.SizeFor(EvidenceSheet.MaxTiles), (decoded.Width, decoded.Height));
        Assert.Equal(EvidenceSheet.SizeFor(300), EvidenceSheet.SizeFor(EvidenceSheet.MaxTiles));
        // Every tile has its image: none is the grey "no image" placeholder.
        Assert.All(Enumerable.Range(0, EvidenceSheet.MaxTiles), tile =>
            Assert.NotEqual(new Vec3b(220, 220, 220), decoded.At<Vec3b>(ThumbnailOrigin(tile).Y + 2, ThumbnailOrigin(tile).X + 2)));
    }

    [Theory]
    [InlineData("v.mp4")]
    [InlineData("056015b92ab14824af3c21d4e9e2f0aa/an interview recorded on a phone in portrait.mp4")]
    public void TheHeaderFitsTheSheetAndKeepsTheVerdictAndTheNamesEnd(string name)
    {
        const int width = 480 - 20;

        var (text, scale) = EvidenceSheet.FitHeader("ERROR  ", name, "", width);

        Assert.True(Cv2.GetTextSize(text, HersheyFonts.HersheySimplex, scale, 2, out _).Width <= width, text);
        Assert.StartsWith("ERROR  ", text);
        Assert.EndsWith(name.Length > 20 ? "portrait.mp4" : name, text);
    }

    [Fact]
    public void EachTileShowsItsOwnThumbnailsPixels()
    {
        var verdict = Verdict([0.9f, 0.1f]);
        var first = Face(96, 96);
        var second = Face(96, 96, seed: 7);

        using var decoded = Cv2.ImDecode(
            EvidenceSheet.RenderPng(verdict, [new(10, 0, Box, second), new(0, 0, Box, first)]), ImreadModes.Color);

        Assert.Equal(Rgb(first, 40, 40), Bgr(decoded, ThumbnailOrigin(0) + new Point(40, 40)));
        Assert.Equal(Rgb(second, 40, 40), Bgr(decoded, ThumbnailOrigin(1) + new Point(40, 40)));
    }

    [Fact]
    public void AThumbnailOfAnotherBoxOrAMissingOneLeavesAGreyNoImageTile()
    {
        var verdict = Verdict([0.9f, 0.1f]);
        var elsewhere = Box with { X = Box.X + 5 };

        using var decoded = Cv2.ImDecode(
            EvidenceSheet.RenderPng(verdict, [new(0, 0, elsewhere, Face(96, 96))]), ImreadModes.Color);

        Assert.Equal(EvidenceSheet.SizeFor(2), (decoded.Width, decoded.Height));
        foreach (var tile in new[] { 0, 1 })
        {
            Assert.Equal(new Vec3b(220, 220, 220), decoded.At<Vec3b>(ThumbnailOrigin(tile).Y + 2, ThumbnailOrigin(tile).X + 2));
        }
    }

    [Fact]
    public void AnErrorVerdictGetsOneRowWithTheError()
    {
        var verdict = VerdictAssembler.Failed(Source, "The video could not be read: moov atom not found");

        using var decoded = Cv2.ImDecode(EvidenceSheet.RenderPng(verdict, []), ImreadModes.Color);

        Assert.Equal(EvidenceSheet.SizeFor(0), (decoded.Width, decoded.Height));
        Assert.True(DarkPixelsBelowHeader(decoded) > 100, "the error text is not drawn");
    }

    [Fact]
    public void ANoFacesVerdictSaysSoInsteadOfShowingTiles()
    {
        var chunk = new ChunkScores(
            0, ["m"], [1], [new FrameScores(0, 0, []), new FrameScores(10, 0.33, [])], ["cpu"],
            new DetectorSummary("blazeface", "cpu"), StageTimings.Zero);
        var verdict = new VerdictAssembler(new TrimmedMeanAggregator())
            .Assemble(new VerdictInputs(Source, [chunk], 1, 2, [], 1));

        using var decoded = Cv2.ImDecode(EvidenceSheet.RenderPng(verdict, []), ImreadModes.Color);

        Assert.Equal(VerdictState.NoFaces, verdict.Verdict);
        Assert.Equal(EvidenceSheet.SizeFor(0), (decoded.Width, decoded.Height));
        Assert.True(DarkPixelsBelowHeader(decoded) > 100, "the no-faces message is not drawn");
    }

    [Fact]
    public void ChunkEvidenceRoundTripsThroughJsonToTheSamePixels()
    {
        var image = Face(71, 96);
        var evidence = ChunkEvidence.From(3, [new(20, 1, Box, image), new(10, 0, Box, Face(96, 60))]);

        var json = System.Text.Json.JsonSerializer.Serialize(evidence, DetectionJsonContext.Default.ChunkEvidence);
        var back = System.Text.Json.JsonSerializer.Deserialize(json, DetectionJsonContext.Default.ChunkEvidence)!;

        Assert.Equal([(10, 0), (20, 1)], back.Faces.Select(f => (f.FrameIndex, f.FaceIndex)));
        var thumbnail = back.Thumbnails().Last();
        Assert.Equal((71, 96, Box), (thumbnail.Image.Width, thumbnail.Image.Height, thumbnail.Box));
        Assert.Equal(image.Pixels, thumbnail.Image.Pixels);
    }

    [Fact]
    public void AStoredThumbnailThatIsNotAnImageIsAClearError()
    {
        var evidence = new ChunkEvidence(0, [new EvidenceFace(0, 0, Box, [1, 2, 3])]);

        var error = Assert.Throws<InvalidDataException>(() => evidence.Thumbnails().ToList());

        Assert.Contains("not a decodable image", error.Message);
    }

    private static int FrameLeft(int tile) => tile * EvidenceSheet.TileWidth + (EvidenceSheet.TileWidth - 104) / 2 + 1;

    private static Point ThumbnailOrigin(int tile) => new(
        tile % EvidenceSheet.MaxColumns * EvidenceSheet.TileWidth + (EvidenceSheet.TileWidth - 104) / 2 + 4,
        EvidenceSheet.HeaderHeight + tile / EvidenceSheet.MaxColumns * EvidenceSheet.TileHeight + 8);

    private static int DarkPixelsBelowHeader(Mat sheet)
    {
        using var body = sheet[new Rect(0, EvidenceSheet.HeaderHeight, sheet.Width, sheet.Height - EvidenceSheet.HeaderHeight)];
        using var grey = body.CvtColor(ColorConversionCodes.BGR2GRAY);
        using var dark = grey.LessThan(100);
        return Cv2.CountNonZero(dark);
    }

    private static (byte, byte, byte) Rgb(RgbImage image, int x, int y)
    {
        var i = (y * image.Width + x) * 3;
        return (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }

    private static (byte, byte, byte) Bgr(Mat sheet, Point at)
    {
        var pixel = sheet.At<Vec3b>(at.Y, at.X);
        return (pixel.Item2, pixel.Item1, pixel.Item0);
    }

    private static RgbImage Face(int width, int height, int seed = 0)
    {
        var pixels = new byte[width * height * 3];
        new Random(width + seed).NextBytes(pixels);
        return new RgbImage(width, height, pixels);
    }

    private static VerdictDocument Verdict(float[] probabilities)
    {
        var frames = probabilities.Select((p, i) => new FrameScores(
            i * 10, i / 3.0, [new FaceScore(Box, 0.9f, [p], p)])).ToArray();
        var chunk = new ChunkScores(
            0, ["m"], [1], frames, ["cpu"], new DetectorSummary("blazeface", "cpu"), StageTimings.Zero);
        return new VerdictAssembler(new TrimmedMeanAggregator())
            .Assemble(new VerdictInputs(Source, [chunk], 1, frames.Length, [], 1));
    }
}
