using System.Text.Json;
using DeepScan.Cli.Commands;
using DeepScan.Cli.Scanning;
using DeepScan.Detection;
using DeepScan.Detection.Evidence;
using DeepScan.Detection.Tests;
using DeepScan.Detection.Tests.Evidence;
using DeepScan.Detection.Tests.Video;

namespace DeepScan.Cli.Tests.Commands;

/// <summary>The scan command on real videos and bad input, with the real engine, ffmpeg and ONNX Runtime.</summary>
[Collection(LiveConsoleCollection.Name)]
public sealed class ScanCommandTests(GeneratedVideos media) : IClassFixture<GeneratedVideos>
{
    private static readonly ScanCliOptions Quick = new(Frames: 8, ChunkSize: 4);

    [Fact]
    public async Task NotAVideoExitsWithTheBadInputCode()
    {
        var notes = media.Write("notes.mp4", "this is a text file"u8.ToArray());

        Assert.Equal(ExitCodes.BadInput, await ScanCommand.RunAsync(new FileInfo(notes), null, Quick, null, false, true, CancellationToken.None));
    }

    [Fact]
    public async Task ADeviceThatNeverEndsIsUnusableInputNotAnEndlessRead()
    {
        // /dev/zero reads forever; the token turns a regression into a failure instead of a hung test run.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        Assert.Equal(ExitCodes.BadInput, await ScanCommand.RunAsync(
            new FileInfo("/dev/zero"), null, Quick, null, false, true, limit.Token));
    }

    [Fact]
    public async Task AFolderIsSaidToBeAFolder()
    {
        Assert.Equal(ExitCodes.BadInput, await ScanCommand.RunAsync(
            new FileInfo(media.Folder), null, Quick, null, false, true, CancellationToken.None));
        Assert.Contains("that is a folder", InputPaths.WhyUnreadable(new FileInfo(media.Folder)));
        Assert.EndsWith("file not found.", InputPaths.WhyUnreadable(new FileInfo(Path.Combine(media.Folder, "absent.mp4"))));
    }

    [Fact]
    public async Task ALinkToNothingOrALoopOfLinksIsBadInputNotAStackTrace()
    {
        var dangling = Path.Combine(media.Folder, "dangling.mp4");
        var loop = Path.Combine(media.Folder, "loop-a.mp4");
        File.Delete(dangling);
        File.Delete(loop);
        File.Delete(Path.Combine(media.Folder, "loop-b.mp4"));
        File.CreateSymbolicLink(dangling, Path.Combine(media.Folder, "nothing-here.mp4"));
        File.CreateSymbolicLink(loop, "loop-b.mp4");
        File.CreateSymbolicLink(Path.Combine(media.Folder, "loop-b.mp4"), "loop-a.mp4");

        Assert.Equal(ExitCodes.BadInput, await ScanCommand.RunAsync(
            new FileInfo(dangling), null, Quick, null, false, true, CancellationToken.None));
        Assert.Equal(ExitCodes.BadInput, await ScanCommand.RunAsync(
            new FileInfo(loop), null, Quick, null, false, true, CancellationToken.None));
        Assert.EndsWith("file not found.", InputPaths.WhyUnreadable(new FileInfo(dangling)));
        Assert.Contains("cannot be read", InputPaths.WhyUnreadable(new FileInfo(loop)));
    }

    [Fact]
    public async Task MissingFileExitsWithTheBadInputCode() =>
        Assert.Equal(ExitCodes.BadInput, await ScanCommand.RunAsync(
            new FileInfo(Path.Combine(media.Folder, "absent.mp4")), null, Quick, null, false, true, CancellationToken.None));

    [Fact]
    public async Task VideoWithoutFacesIsAnExplicitNoFacesVerdictAndExitsZero()
    {
        var json = new FileInfo(Path.Combine(media.Folder, "no-faces.json"));
        var png = new FileInfo(Path.Combine(media.Folder, "no-faces.png"));

        var code = await ScanCommand.RunAsync(new FileInfo(media.Small), json, Quick, png, false, true, CancellationToken.None);

        Assert.Equal(ExitCodes.Verdict, code);
        var verdict = JsonSerializer.Deserialize(File.ReadAllText(json.FullName), DetectionJsonContext.Default.VerdictDocument)!;
        Assert.Equal(VerdictState.NoFaces, verdict.Verdict);
        Assert.Null(verdict.FakeProbability);
        Assert.Equal(8, verdict.Aggregation.FramesSampled);
        // The sheet is the header and one row saying no face was found.
        using var sheet = OpenCvSharp.Cv2.ImDecode(File.ReadAllBytes(png.FullName), OpenCvSharp.ImreadModes.Color);
        Assert.Equal(EvidenceSheet.SizeFor(0), (sheet.Width, sheet.Height));
    }

    [Fact]
    public async Task ScannerSaysHowManyChunksAreComingBeforeTheyAreScored()
    {
        // 30 frames, 12 sampled by 5: three chunks, whatever the defaults are.
        using var scanner = new LocalScanner(new ScanCliOptions(Frames: 12, ChunkSize: 5));
        var events = new List<string>();
        scanner.Planned += chunks => events.Add($"planned {chunks}");
        scanner.ChunkScored += _ => { lock (events) { events.Add("scored"); } };

        await scanner.ScanAsync(media.Small, CancellationToken.None);

        Assert.Equal(["planned 3", "scored", "scored", "scored"], events);
    }

    [Fact]
    public async Task RealVideoGetsAScoredVerdictWithBoxesInsideTheDisplayFrame()
    {
        using var scanner = new LocalScanner(Quick);

        var run = await scanner.ScanAsync(TestPaths.Video("fake/dfdc-brtujopkby.mp4"), CancellationToken.None);

        var verdict = run.Verdict;
        Assert.Contains(verdict.Verdict, new[] { VerdictState.Fake, VerdictState.Real });
        Assert.InRange(verdict.FakeProbability!.Value, 0.01, 0.99);
        Assert.Equal((1080, 1920), (verdict.Source.Width, verdict.Source.Height));
        Assert.True(verdict.Aggregation.FacesScored > 0);
        Assert.All(verdict.Frames.SelectMany(f => f.Faces), face =>
        {
            Assert.InRange(face.Box.X, 0, 1080);
            Assert.InRange(face.Box.Right, 0, 1080);
            Assert.InRange(face.Box.Bottom, 0, 1920);
            Assert.Equal(verdict.Models.Select(m => m.Name), face.Scores.Keys);
        });
        Assert.Equal(64, verdict.Source.Sha256!.Length);
    }

    [Fact]
    public async Task EvidenceIsAPngWithATilePerScoredFace()
    {
        var json = new FileInfo(Path.Combine(media.Folder, "evidence.json"));
        var png = new FileInfo(Path.Combine(media.Folder, "evidence.png"));

        var code = await ScanCommand.RunAsync(
            new FileInfo(TestPaths.Video("fake/dfdc-brtujopkby.mp4")), json, Quick, png, false, true, CancellationToken.None);

        Assert.Equal(ExitCodes.Verdict, code);
        var verdict = JsonSerializer.Deserialize(File.ReadAllText(json.FullName), DetectionJsonContext.Default.VerdictDocument)!;
        Assert.True(verdict.Frames.Sum(f => f.Faces.Length) > 0);
        EvidenceSheetAssert.IsSheetOf(File.ReadAllBytes(png.FullName), verdict);
    }

    [Fact]
    public void ErrorVerdictWithoutAPlanIsBadInputAndWithAPlanIsAFailedScan()
    {
        var source = new SourceInfo("v.mp4", null, null, 0, 0, 0, 0, 0, 0);

        Assert.Equal(ExitCodes.BadInput, ScanCommand.ExitCodeOf(Detection.Scoring.VerdictAssembler.Failed(source, "not a video")));
        Assert.Equal(ExitCodes.ScanFailed, ScanCommand.ExitCodeOf(
            Detection.Scoring.VerdictAssembler.Failed(source, "every chunk failed", chunksPlanned: 4)));
    }
}
