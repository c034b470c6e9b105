using System.Globalization;
using DeepScan.Cli.Commands;
using DeepScan.Cli.Crops;
using DeepScan.Cli.Scanning;
using DeepScan.Detection.Evaluation;
using DeepScan.Detection.Imaging;
using DeepScan.Detection.Tests;
using DeepScan.Detection.Tests.Video;

namespace DeepScan.Cli.Tests.Commands;

/// <summary><c>deepscan crops</c> on real videos, models and ffmpeg: the files hold exactly what a scan scores.</summary>
[Collection(LiveConsoleCollection.Name)]
public sealed class CropsCommandTests(GeneratedVideos media) : IClassFixture<GeneratedVideos>
{
    private static readonly string DevVideo = TestPaths.Video("fake/celebdf-id0_id1_0005.mp4");
    private static readonly ScanCliOptions Options = new(Frames: 6, ChunkSize: 3);

    private string NewFolder(string name) => Path.Combine(media.Folder, $"{name}-{Guid.NewGuid():N}");

    private static Task<int> Crops(string input, string output, int? size = null, bool force = false) =>
        CropsCommand.RunAsync(
            input, new CropRequest(output, size, null, force, 2), Options, false, CancellationToken.None);

    private static List<Dictionary<string, string>> ReadLabels(string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, CropLabels.FileName));
        var header = CsvLine.Split(lines[0]);
        return lines.Skip(1)
            .Select(line => CsvLine.Split(line).Select((v, i) => (header[i], v)).ToDictionary(p => p.Item1, p => p.v))
            .ToList();
    }

    [Fact]
    public async Task CropsAreThePixelsAndFacesTheScanScores()
    {
        var output = NewFolder("crops");
        Assert.Equal(ExitCodes.Verdict, await Crops(DevVideo, output));

        using var scanner = new LocalScanner(Options);
        var engineCrops = new List<(int Frame, int Face, RgbImage Image)>();
        foreach (var chunk in await scanner.PlanAsync(DevVideo, CancellationToken.None))
        {
            await foreach (var frame in scanner.Engine.CropChunkAsync(chunk, CancellationToken.None))
            {
                engineCrops.AddRange(frame.Crops.Select((c, face) => (frame.Index, face, c.Image)));
            }
        }

        var scored = (await scanner.ScanAsync(DevVideo, CancellationToken.None)).Verdict.Frames
            .SelectMany(f => f.Faces.Select((face, i) => (f.Index, i, face.Box)))
            .ToList();
        var rows = ReadLabels(output);

        Assert.NotEmpty(engineCrops);
        Assert.Equal(scored.Count, rows.Count);
        Assert.Equal(engineCrops.Count, rows.Count);
        foreach (var ((frame, face, box), row) in scored.Zip(rows))
        {
            Assert.Equal((frame, face), (int.Parse(row["frame"]), int.Parse(row["face"])));
            Assert.Equal(box.X, double.Parse(row["x"], CultureInfo.InvariantCulture), 0.001);
            Assert.Equal(box.Height, double.Parse(row["h"], CultureInfo.InvariantCulture), 0.001);
            Assert.Equal(("", DevVideo, "blazeface"), (row["label"], row["video"], row["detector"]));
        }

        foreach (var ((frame, face, image), row) in engineCrops.OrderBy(c => c.Frame).ThenBy(c => c.Face).Zip(rows))
        {
            Assert.Equal($"celebdf-id0_id1_0005_f{frame:D6}_{face}.png", row["file"]);
            var written = await ImageFileReader.ReadAsync(Path.Combine(output, row["file"]), CancellationToken.None);
            Assert.Equal((image.Width, image.Height), (written.Width, written.Height));
            Assert.True(image.Pixels.AsSpan().SequenceEqual(written.Pixels), $"{row["file"]} differs from the engine's crop");
        }
    }

    [Fact]
    public async Task SizeWritesTheLetterboxAMemberOfThatInputSizeReceives()
    {
        var output = NewFolder("sized");
        Assert.Equal(ExitCodes.Verdict, await Crops(DevVideo, output, size: 64));

        using var scanner = new LocalScanner(Options);
        var chunk = (await scanner.PlanAsync(DevVideo, CancellationToken.None))[0];
        var first = await scanner.Engine.CropChunkAsync(chunk, CancellationToken.None).FirstAsync(f => f.Crops.Count > 0);
        var expected = Letterbox.Fit(first.Crops[0].Image, 64, 64).Canvas;
        var rows = ReadLabels(output);

        foreach (var row in rows)
        {
            var image = await ImageFileReader.ReadAsync(Path.Combine(output, row["file"]), CancellationToken.None);
            Assert.Equal((64, 64), (image.Width, image.Height));
        }

        var written = await ImageFileReader.ReadAsync(
            Path.Combine(output, rows.First(r => r["frame"] == first.Index.ToString(CultureInfo.InvariantCulture))["file"]),
            CancellationToken.None);
        Assert.True(expected.Pixels.AsSpan().SequenceEqual(written.Pixels));
    }

    [Fact]
    public async Task MemberWritesTheCropsThatMemberScoresWithItsOwnMargin()
    {
        // A face well inside a wide frame: in DevVideo's small face-crop clip both squares shrink to the picture.
        var video = TestPaths.Video("real/ffpp-c23-004.mp4");
        var output = NewFolder("member");
        var options = Options with { Members = ["meso4-df"] };
        Assert.Equal(ExitCodes.Verdict, await CropsCommand.RunAsync(
            video, new CropRequest(output, null, "meso4-df", false, 2), options, false, CancellationToken.None));

        using var scanner = new LocalScanner(options);
        var chunk = (await scanner.PlanAsync(video, CancellationToken.None))[0];
        var first = await scanner.Engine.CropChunkAsync(chunk, CancellationToken.None).FirstAsync(f => f.Crops.Count > 0);
        var row = ReadLabels(output).First(r => r["frame"] == first.Index.ToString(CultureInfo.InvariantCulture));
        var written = await ImageFileReader.ReadAsync(Path.Combine(output, row["file"]), CancellationToken.None);

        // meso4-df's manifest margin (0.15) frames faces tighter than the engine's 0.3.
        Assert.True(first.MemberCrops[0][0].Width < first.Crops[0].Image.Width);
        Assert.True(first.MemberCrops[0][0].Pixels.AsSpan().SequenceEqual(written.Pixels));
    }

    [Fact]
    public async Task HostileNamesStayInTheFolderAndUnreadableVideosAreListedAndSkipped()
    {
        var input = Directory.CreateDirectory(NewFolder("input")).FullName;
        Directory.CreateDirectory(Path.Combine(input, "sub"));
        const string hostile = "-..evil $(rm -rf) \"a\",b;.mp4";
        File.CreateSymbolicLink(Path.Combine(input, hostile), DevVideo);
        File.WriteAllText(Path.Combine(input, "notes.mp4"), "text, not a video");
        var labels = Path.Combine(input, "labels.csv");
        File.WriteAllLines(labels, [
            "split,file,label,method",
            $"train,\"sub/../{hostile.Replace("\"", "\"\"")}\",FAKE,\"Face,Swap\"",
            "val,notes.mp4,REAL,none",
            "val,missing.mp4,REAL,none",
        ]);
        var output = NewFolder("hostile");

        Assert.Equal(ExitCodes.Verdict, await Crops(labels, output));

        var files = Directory.GetFiles(output).Select(Path.GetFileName).ToList();
        Assert.Contains(CropLabels.FileName, files);
        Assert.All(files.Where(f => f != CropLabels.FileName), f => Assert.Matches("^evil___rm_-rf___a__b__f[0-9]{6}_[0-9]+\\.png$", f!));
        var rows = ReadLabels(output);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(
            ($"sub/../{hostile}", "FAKE", "train", "Face,Swap"), (r["video"], r["label"], r["split"], r["method"])));
        Assert.Equal(
            [.. CropLabels.Columns, "split", "method"],
            CsvLine.Split(File.ReadLines(Path.Combine(output, CropLabels.FileName)).First()));
    }

    [Fact]
    public void AnInputColumnNamedLikeOneOfTheCropsOwnIsPrefixed() =>
        Assert.Equal(["split", "input_video", "input_Frame"], CropLabels.Header(["split", "video", "Frame"]));

    [Fact]
    public async Task BadInputIsRefusedWithTheBadInputCode()
    {
        var notVideo = media.Write("plain.mp4", "text, not a video"u8.ToArray());
        var full = Directory.CreateDirectory(NewFolder("full")).FullName;
        File.WriteAllText(Path.Combine(full, "keep.txt"), "mine");

        Assert.Equal(ExitCodes.BadInput, await Crops(Path.Combine(media.Folder, "missing.mp4"), NewFolder("a")));
        Assert.Equal(ExitCodes.BadInput, await Crops(notVideo, NewFolder("b")));
        Assert.Equal(ExitCodes.BadInput, await Crops(DevVideo, full));
        Assert.Equal(ExitCodes.BadInput, await Crops(DevVideo, NewFolder("c"), size: 0));
        Assert.Equal(ExitCodes.BadInput, await Crops(DevVideo, NewFolder("d"), size: 100_000)); // overflowed the pixel count
        Assert.Equal("mine", File.ReadAllText(Path.Combine(full, "keep.txt")));
        Assert.Single(Directory.GetFiles(full));
    }

    [Fact]
    public async Task ATruncatedVideoKeepsTheFramesItHasAndSaysWhatWasLost()
    {
        var cut = media.Truncate(media.FastStart, 0.5, "crops-half.mp4");
        var output = Directory.CreateDirectory(NewFolder("cut")).FullName;
        using var scanner = new LocalScanner(new ScanCliOptions(Frames: 6, ChunkSize: 2));

        var summary = await new CropExporter(scanner, new CropRequest(output, null, null, false, 1))
            .ExportAsync(CropSources.Resolve(cut), () => { }, CancellationToken.None);

        Assert.True(summary.Skipped.Count == 0, string.Join("; ", summary.Skipped));
        Assert.InRange(summary.Frames, 1, 5);
        Assert.Equal(cut, Assert.Single(summary.PartlyRead).Video);
        Assert.Equal([cut], summary.NoFaces);
    }

    [Theory]
    [InlineData("fake/deepfakes-033_097.mp4", "deepfakes-033_097")]
    [InlineData("..\\..\\windows\\evil.mp4", "evil")]
    [InlineData("../../../etc/passwd", "passwd")]
    [InlineData(".hidden.mp4", "hidden")]
    [InlineData("..", "video")]
    [InlineData("x/ü ñ.mov", "___")]
    public void StemsKeepOnlySafeCharactersOfTheLastSegment(string video, string stem) =>
        Assert.Equal(stem, CropFileNames.Stem(video));

    [Fact]
    public void PrefixesAreUniqueIgnoringCase() =>
        Assert.Equal(
            ["a", "a-2", "A-3", "a-2-2", "b"],
            CropFileNames.Prefixes(["real/a.mp4", "fake/a.mp4", "A.mp4", "a-2.mp4", "b.mp4"]));
}
