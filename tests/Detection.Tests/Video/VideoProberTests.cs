using DeepScan.Detection.Video;

namespace DeepScan.Detection.Tests.Video;

public sealed class VideoProberTests(GeneratedVideos media) : IClassFixture<GeneratedVideos>
{
    private static Task<VideoInfo> Probe(string path) => new VideoProber().ProbeAsync(new VideoRef(path), CancellationToken.None);

    private static async Task<VideoInputError> Refusal(string path)
    {
        var error = await Assert.ThrowsAsync<VideoInputException>(() => Probe(path));
        Assert.Contains(Path.GetFileName(path), error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error.Reason;
    }

    [Fact]
    public async Task ReadsTheStreamOfAGeneratedClip()
    {
        var info = await Probe(media.Small);

        Assert.Equal((64, 32, 30, 0, "h264"), (info.Width, info.Height, info.FrameCount, info.Rotation, info.Codec));
        Assert.Equal(10, info.Fps, 3);
        Assert.Equal(3, info.DurationSeconds, 1);
    }

    [Fact]
    public async Task RotatedVideoReportsDisplaySize()
    {
        var info = await Probe(media.Rotated);

        Assert.Contains(info.Rotation, new[] { 90, 270 });
        Assert.Equal((32, 64), (info.Width, info.Height));
    }

    [Theory]
    [InlineData("real/dfdc-lynaeydofd.mp4", 1920, 1080, 300)]
    [InlineData("fake/dfdc-brtujopkby.mp4", 1080, 1920, 300)]
    [InlineData("real/ffpp-c23-519.mp4", 640, 480, 751)]
    public async Task DevelopmentVideosProbeAsLabelled(string file, int width, int height, int frames)
    {
        var info = await Probe(TestPaths.Video(file));

        Assert.Equal((width, height, frames), (info.Width, info.Height, info.FrameCount));
    }

    [Fact]
    public async Task MissingFileIsNotFound() =>
        Assert.Equal(VideoInputError.NotFound, await Refusal(Path.Combine(media.Folder, "nope.mp4")));

    [Fact]
    public async Task ZeroBytesIsEmpty() =>
        Assert.Equal(VideoInputError.Empty, await Refusal(media.Write("zero.mp4", [])));

    [Fact]
    public async Task TextFileNamedMp4IsNotAVideo() =>
        Assert.Equal(VideoInputError.NotAVideo, await Refusal(media.Write("notes.mp4", "hello, this is not a video\n"u8.ToArray())));

    [Fact]
    public async Task AudioOnlyHasNoVideoStream() =>
        Assert.Equal(VideoInputError.NoVideoStream, await Refusal(media.AudioOnly));

    [Fact]
    public async Task FourHourFileIsOverTheDurationLimit() =>
        Assert.Equal(VideoInputError.TooLong, await Refusal(media.FourHours));

    [Fact]
    public async Task UploadCutBeforeItsIndexIsTruncated() =>
        Assert.Equal(VideoInputError.Truncated, await Refusal(media.Truncate(media.MoovAtEnd, 0.5, "cut.mp4")));

    [Fact]
    public async Task AClipCutByStreamCopyCountsTheFramesItShowsNotThePacketsBeforeItsCut()
    {
        // Key frames every 2 s, cut at 1.5 s without re-encoding: the packets from 0 s stay, hidden by an edit list.
        var whole = media.Make("whole-gop60.mp4", "-f", "lavfi", "-i", "testsrc=s=64x32:r=30", "-t", "4",
            "-c:v", "libx264", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-pix_fmt", "yuv420p");
        var cut = media.Make("cut-by-copy.mp4", "-ss", "1.5", "-i", whole, "-c", "copy");

        var info = await Probe(cut);

        Assert.InRange(info.FrameCount, 74, 76); // 2.5 s at 30 fps shown; 120 packets kept
    }

    [Fact]
    public async Task ARefusalDoesNotSayWhereTheServerKeepsTheFile()
    {
        // ffprobe names its input in its error; the message reaches API callers, webhooks and the evidence sheet.
        var error = await Assert.ThrowsAsync<VideoInputException>(
            () => Probe(media.Truncate(media.MoovAtEnd, 0.5, "cut-path.mp4")));

        Assert.Contains("cut-path.mp4", error.Message);
        Assert.DoesNotContain(media.Folder, error.Message);
    }

    [Fact]
    public void AnErrorLineLosesTheBlobUrlsSignature()
    {
        var blob = new VideoRef("https://acct.blob.core.windows.net/uploads/v.mp4?sv=2024-08-04&sig=SECRET%3D", "v.mp4");

        var said = FfmpegInput.LastError(blob, "[error] https://acct.blob.core.windows.net/uploads/v.mp4?sv=2024-08-04"
            + "&sig=SECRET%3D: Invalid data found when processing input\n[error] also https://x.example/y?sig=OTHER: no\n");

        Assert.Equal("[error] also https://x.example/y: no", said);
        Assert.Equal(
            "[error] v.mp4: Invalid data found when processing input",
            FfmpegInput.LastError(blob, "[error] " + blob.Location + ": Invalid data found when processing input"));
    }

    [Fact]
    public async Task OversizedFileIsRefusedBeforeFfprobeRuns()
    {
        var prober = new VideoProber(new VideoLimits { MaxBytes = 100 });

        var error = await Assert.ThrowsAsync<VideoInputException>(
            () => prober.ProbeAsync(new VideoRef(media.Small), CancellationToken.None));
        Assert.Equal(VideoInputError.TooLarge, error.Reason);
    }

    [Fact]
    public async Task PathWithSpacesAndShellMetacharactersIsReadAsIsAndRunsNothing()
    {
        var hostile = Path.Combine(media.Folder, "a b;$(touch pwned)`touch pwned2`'\"&|.mp4");
        File.Copy(media.Small, hostile);

        var info = await Probe(hostile);
        var frames = await new FrameDecoder().DecodeAsync(new FrameChunk(new VideoRef(hostile), info, 0, [0, 29]), CancellationToken.None);

        Assert.Equal(2, frames.Count);
        Assert.False(File.Exists("pwned") || File.Exists("pwned2") || File.Exists(Path.Combine(media.Folder, "pwned")));
    }

    [Fact]
    public async Task NameThatLooksLikeAnOptionOrProtocolIsStillAFile()
    {
        var path = Path.Combine(media.Folder, "-i http:x.mp4");
        File.Copy(media.Small, path);

        Assert.Equal(30, (await Probe(path)).FrameCount);
    }

    [Theory]
    [InlineData("real/mesonet-real00240.jpg", 256, 256)]
    [InlineData("real/dfdc-abarnvbtwb-001-00.png", 93, 120)]
    public async Task StillImagesReadAsOneFrame(string file, int width, int height)
    {
        var image = await DeepScan.Detection.Imaging.ImageFileReader.ReadAsync(TestPaths.Face(file), CancellationToken.None);

        Assert.Equal((width, height), (image.Width, image.Height));
    }
}
