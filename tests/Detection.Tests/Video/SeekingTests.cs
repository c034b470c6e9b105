using DeepScan.Detection.Video;

namespace DeepScan.Detection.Tests.Video;

/// <summary>
/// A chunk that starts decoding at a reset frame gets, pixel for pixel and index for index, the frames a decode from
/// the first frame gives: on real uploads (FaceForensics++ 519 among them, whose x264 4:4:4 stream decodes to garbage
/// past its first frame unless ffmpeg knows the encoder's build) and on the codecs and rates uploads come in.
/// </summary>
public sealed class SeekingTests(GeneratedVideos media) : IClassFixture<GeneratedVideos>
{
    [Theory]
    [InlineData("fake/dfdc-abofeumbvv.mp4", 32)]
    [InlineData("real/dfdc-lynaeydofd.mp4", 100)] // dense: every frame decoded
    [InlineData("real/ffpp-c23-519.mp4", 32)]
    [InlineData("fake/ffpp-c23-519_515.mp4", 100)]
    [InlineData("real/ffpp-c23-004.mp4", 32)]
    [InlineData("fake/dfdc-abqwwspghj.mp4", 32)]
    public async Task SeekingChunksOfRealUploadsGetTheFramesOfAFullDecode(string file, int frames)
    {
        await AssertSeekingMatchesFullDecode(TestPaths.Video(file), frames, chunkSize: 8);
    }

    [Theory]
    [InlineData("x264-long-gop.mp4", "-c:v", "libx264", "-bf", "3", "-g", "250", "-keyint_min", "250", "-sc_threshold", "0")]
    [InlineData("x265-open-gop.mp4", "-c:v", "libx265", "-x265-params", "keyint=60:min-keyint=60:log-level=error")]
    [InlineData("x264-all-intra.mp4", "-c:v", "libx264", "-g", "1")]
    public async Task SeekingChunksOfGeneratedVideosGetTheFramesOfAFullDecode(string name, params string[] encoder)
    {
        // 40 s at 25 fps: long enough that chunks, and runs inside one chunk, start past the first frame.
        var path = media.Make(name, ["-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=40", "-pix_fmt", "yuv420p", .. encoder]);

        await AssertSeekingMatchesFullDecode(path, frames: 32, chunkSize: 8);
        var runs = await AssertSeekingMatchesFullDecode(path, frames: 6, chunkSize: 6);
        Assert.True(runs > 1, $"one chunk over 40 s decoded in {runs} run(s)");
    }

    [Fact]
    public async Task VariableFrameRateSeeksGetTheFramesOfAFullDecode()
    {
        // 25 fps for 10 s, then 12.5 fps: frame indices are times, which a seeking decode must keep.
        var path = media.Make("vfr-gop.mp4", "-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=30",
            "-vf", "setpts='if(lt(N,250),N/25,(N-125)/12.5)/TB'", "-fps_mode", "vfr", "-pix_fmt", "yuv420p",
            "-c:v", "libx264", "-g", "40");

        await AssertSeekingMatchesFullDecode(path, frames: 32, chunkSize: 8);
    }

    [Theory]
    [InlineData("vp9")]
    [InlineData("mpeg4")] // Celeb-DF's codec
    public async Task OtherCodecsAreDecodedFromTheirFirstFrame(string codec)
    {
        var path = codec == "vp9"
            ? media.Make("vp9-gop.webm", "-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=10", "-c:v", "libvpx-vp9",
                "-b:v", "200k", "-g", "50")
            : TestPaths.Video("fake/celebdf-id0_id1_0005.mp4");
        var video = new VideoRef(path);
        var info = await new VideoProber().ProbeAsync(video, CancellationToken.None);

        Assert.Equal(codec, info.Codec);
        Assert.Null(await new KeyFrameScanner().ScanAsync(video, info, CancellationToken.None));
    }

    [Fact]
    public async Task CoverArtListedBeforeTheVideoIsNotWhatIsScannedForResetFrames()
    {
        var video = new VideoRef(media.CoverArtFirst);
        var info = await new VideoProber().ProbeAsync(video, CancellationToken.None);
        var plain = new VideoRef(media.Small);
        var plainInfo = await new VideoProber().ProbeAsync(plain, CancellationToken.None);

        var index = await new KeyFrameScanner().ScanAsync(video, info, CancellationToken.None);
        var expected = await new KeyFrameScanner().ScanAsync(plain, plainInfo, CancellationToken.None);

        Assert.NotNull(index);
        Assert.Equal([0, 5, 10, 15, 20, 25], expected!.Frames);
        Assert.Equal(expected.Frames, index.Frames);
    }

    [Fact]
    public async Task FaceForensicsNeedsTheX264BuildToSeek()
    {
        var video = new VideoRef(TestPaths.Video("real/ffpp-c23-519.mp4"));
        var info = await new VideoProber().ProbeAsync(video, CancellationToken.None);

        var index = await new KeyFrameScanner().ScanAsync(video, info, CancellationToken.None);

        Assert.NotNull(index);
        Assert.Equal(148, index.X264Build);
        Assert.Equal([0, 250, 500, 750], index.Frames);
        var plan = ChunkPlanner.Plan(video, info, 32, 8, index);
        var chunk = plan.First(c => c.Seek is { From: [> 0, ..] });
        var withoutBuild = chunk with { Seek = chunk.Seek! with { X264Build = null } };
        var right = await new FrameDecoder().DecodeAsync(chunk, CancellationToken.None);
        var wrong = await new FrameDecoder().DecodeAsync(withoutBuild, CancellationToken.None);
        Assert.NotEqual(right.Select(f => f.Image.Pixels), wrong.Select(f => f.Image.Pixels)); // the garbage is real
    }

    [Fact]
    public void FrameCrcListingGivesPacketTimes()
    {
        const string listing = "#software: Lavf59.27.100\n#tb 0: 1/12800\n#media_type 0: video\n"
            + "0,      -1024,          0,      512,    27711, 0xcf85163f\n"
            + "0,     126976,     128000,      512,    29822, 0x720876db\n";

        Assert.Equal([0, 10], KeyFrameScanner.ParseFrameCrc(listing)!);
        Assert.Null(KeyFrameScanner.ParseFrameCrc("garbage"));
    }

    /// <summary>Decodes every chunk of the plan with its seeks and without; returns the most ffmpeg runs a chunk took.
    /// </summary>
    private static async Task<int> AssertSeekingMatchesFullDecode(string path, int frames, int chunkSize)
    {
        var video = new VideoRef(path);
        var info = await new VideoProber().ProbeAsync(video, CancellationToken.None);
        var index = await new KeyFrameScanner().ScanAsync(video, info, CancellationToken.None);
        Assert.NotNull(index);
        var plan = ChunkPlanner.Plan(video, info, frames, chunkSize, index);
        Assert.Contains(plan, c => c.Seek?.From.Any(f => f > 0) == true); // some decoding starts past the first frame

        var runs = 0;
        foreach (var chunk in plan)
        {
            runs = Math.Max(runs, DecodeRequest.Of([chunk]).Segments(info.Fps).Count);
            var seeking = await new FrameDecoder().DecodeAsync(chunk, CancellationToken.None);
            var full = await new FrameDecoder().DecodeAsync(chunk with { Seek = null }, CancellationToken.None);

            Assert.Equal(full.Select(f => f.Index), seeking.Select(f => f.Index));
            Assert.Equal(full.Select(f => f.TimeSeconds), seeking.Select(f => f.TimeSeconds), (a, b) => Math.Abs(a - b) < 1e-6);
            Assert.True(
                full.Select(f => f.Image.Pixels).SequenceEqual(seeking.Select(f => f.Image.Pixels), ByteArrays.Instance),
                $"chunk {chunk.Index} of {Path.GetFileName(path)}: a seeking decode's pixels differ from a full decode's");
        }

        return runs;
    }

    private sealed class ByteArrays : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrays Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
