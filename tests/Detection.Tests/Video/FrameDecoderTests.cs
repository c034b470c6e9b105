using System.Globalization;
using System.Text;
using DeepScan.Detection.Tests.Spectrum;
using DeepScan.Detection.Video;

namespace DeepScan.Detection.Tests.Video;

public sealed class FrameDecoderTests(GeneratedVideos media) : IClassFixture<GeneratedVideos>
{
    private static async Task<(VideoRef Video, VideoInfo Info)> Probe(string path)
    {
        var video = new VideoRef(path);
        return (video, await new VideoProber().ProbeAsync(video, CancellationToken.None));
    }

    private static Task<IReadOnlyList<DecodedFrame>> Decode(VideoRef video, VideoInfo info, params int[] indices) =>
        new FrameDecoder().DecodeAsync(new FrameChunk(video, info, 0, indices), CancellationToken.None);

    [Fact]
    public async Task DecodesExactlyTheChunksFramesAtDisplaySize()
    {
        var (video, info) = await Probe(TestPaths.Video("real/dfdc-lynaeydofd.mp4"));
        var chunk = ChunkPlanner.Plan(video, info)[1] with { ReferenceFramesOnly = false };

        var frames = await new FrameDecoder().DecodeAsync(chunk, CancellationToken.None);

        Assert.Equal(chunk.FrameIndices, frames.Select(f => f.Index));
        Assert.All(frames, f => Assert.Equal((1920, 1080), (f.Image.Width, f.Image.Height)));
        Assert.Equal(chunk.FrameIndices[0] / info.Fps, frames[0].TimeSeconds, 6);
    }

    [Fact]
    public async Task CoverArtListedBeforeTheVideoIsNotWhatIsDecoded()
    {
        var (withCover, info) = await Probe(media.CoverArtFirst);
        var (plain, plainInfo) = await Probe(media.Small);
        int[] targets = [0, 7, 29];

        var frames = await Decode(withCover, info, targets);
        var expected = await Decode(plain, plainInfo, targets);

        Assert.Equal((64, 32, 30), (info.Width, info.Height, info.FrameCount));
        Assert.Equal(targets, frames.Select(f => f.Index));
        Assert.All(expected.Zip(frames), p => Assert.Equal(p.First.Image.Pixels, p.Second.Image.Pixels));
    }

    [Theory]
    [InlineData(96)] // a 96-frame sample of a short video: the first count ffmpeg refused as one flat sum
    [InlineData(FrameSelection.MaxTargets)]
    public async Task AsManyTargetsAsOneFfmpegMayTakeAreEachDecoded(int count)
    {
        var path = media.Make("many-frames.mp4", "-f", "lavfi", "-i", "testsrc=s=64x32:r=30", "-t", "40", "-c:v",
            "libx264", "-pix_fmt", "yuv420p");
        var (video, info) = await Probe(path);
        var targets = FrameSampler.EvenlySpaced(info.FrameCount, count);

        var frames = await Decode(video, info, targets);

        Assert.Equal(count, targets.Length);
        Assert.Equal(targets, frames.Select(f => f.Index));
    }

    [Theory]
    [InlineData("real/dfdc-lynaeydofd.mp4")]
    [InlineData("real/ffpp-c23-519.mp4")]
    public async Task APrestartedFfmpegGivesTheFramesAFreshOneGives(string file)
    {
        var decoder = new FrameDecoder(decodeThreads: 1);
        var (video, info) = await Probe(TestPaths.Video(file));
        using var prestarted = decoder.Prestart(video); // before the plan exists, as a scan starts it
        var plan = ChunkPlanner.Plan(video, info);
        var request = DecodeRequest.Of(plan);
        var frames = new List<DecodedFrame>();

        var end = await decoder.StreamAsync(
            video, info, request, (f, _) => { frames.Add(f); return ValueTask.CompletedTask; }, CancellationToken.None,
            prestarted);

        Assert.True(prestarted.Taken);
        Assert.Equal(0, end.ExitCode);
        var fresh = await Task.WhenAll(plan.Select(c => decoder.DecodeAsync(c, CancellationToken.None)));
        var expected = fresh.SelectMany(f => f).DistinctBy(f => f.Index).ToArray();
        Assert.Equal(expected.Select(f => (f.Index, f.TimeSeconds)), frames.Select(f => (f.Index, f.TimeSeconds)));
        Assert.All(expected.Zip(frames), p => Assert.Equal(p.First.Image.Pixels, p.Second.Image.Pixels));
    }

    [Fact]
    public async Task FfmpegStopsRightAfterTheLastTargetAndNeverReadsTheRestOfTheFile()
    {
        // The cut half of the file is never read: decoding into it would log corrupt packets.
        var (video, info) = await Probe(media.Truncate(media.FastStart, 0.8, "decoder-cut.mp4"));
        var chunk = new FrameChunk(video, info, 0, [1, 3]);
        var decoder = new FrameDecoder();

        var end = await decoder.StreamAsync(
            video, info, DecodeRequest.Of([chunk]), (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.Equal(2, end.Covered);
        Assert.Equal(0, end.ExitCode);
        Assert.Empty(end.Stderr); // the error lines ffmpeg logged
    }

    [Fact]
    public async Task APrestartedFfmpegThatDoesNotFitThePlanIsKilledAndTheFramesStillCome()
    {
        var decoder = new FrameDecoder();
        var (video, info) = await Probe(media.Small);
        using var prestarted = decoder.Prestart(video);
        var plan = ChunkPlanner.Plan(video, info, 12, 12); // frames close together: every frame is decoded
        Assert.False(plan[0].ReferenceFramesOnly);
        var frames = new List<DecodedFrame>();

        await decoder.StreamAsync(
            video, info, DecodeRequest.Of(plan), (f, _) => { frames.Add(f); return ValueTask.CompletedTask; },
            CancellationToken.None, prestarted);

        Assert.False(prestarted.Taken);
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(prestarted.ProcessId));
        Assert.Equal(
            (await decoder.DecodeAsync(plan[0], CancellationToken.None)).Select(f => f.Index),
            frames.Select(f => f.Index));
    }

    [Theory]
    [InlineData("real/dfdc-lynaeydofd.mp4")]
    [InlineData("real/ffpp-c23-519.mp4")]
    public async Task ReferenceFramesOnlyGivesEachTargetTheNearestReferenceFrameWithItsTrueIndex(string file)
    {
        var (video, info) = await Probe(TestPaths.Video(file));
        var plan = ChunkPlanner.Plan(video, info);
        var references = ReferenceFrameIndices(TestPaths.Video(file), info.Fps);
        Assert.All(plan, c => Assert.True(c.ReferenceFramesOnly));

        foreach (var chunk in plan)
        {
            var frames = await new FrameDecoder().DecodeAsync(chunk, CancellationToken.None);

            // Each target's frame is the first reference frame from a frame before it on.
            Assert.Equal(
                chunk.FrameIndices.Select(t => references.First(r => r >= t - 1)),
                frames.Select(f => f.Index));
            Assert.All(frames, f => Assert.Equal(f.Index / info.Fps, f.TimeSeconds, 6));
        }

        // The labels are true: the frame given as index i has the pixels of frame i decoded in full.
        var some = await new FrameDecoder().DecodeAsync(plan[2], CancellationToken.None);
        var exact = await Decode(video, info, some.Select(f => f.Index).ToArray());
        Assert.Equal(exact.Select(f => f.Image.Pixels), some.Select(f => f.Image.Pixels));
        Assert.Contains(plan.SelectMany(c => c.FrameIndices), t => !references.Contains(t)); // some targets moved
    }

    [Theory]
    [InlineData("x264-bframes.mp4", "-c:v", "libx264", "-bf", "3")]
    [InlineData("x265.mp4", "-c:v", "libx265", "-x265-params", "log-level=error")]
    [InlineData("vp9.webm", "-c:v", "libvpx-vp9", "-b:v", "200k")]
    [InlineData("mpeg4-bframes.avi", "-c:v", "mpeg4", "-bf", "2")]
    public async Task ReferenceFramesOnlyWorksWithWhatUploadsAreEncodedWith(string name, params string[] encoder)
    {
        // 240 frames at 30 fps: 32 targets about 7 frames apart.
        var path = media.Make(name, ["-f", "lavfi", "-i", "testsrc2=s=160x90:r=30:d=8", "-pix_fmt", "yuv420p", .. encoder]);
        var (video, info) = await Probe(path);
        var plan = ChunkPlanner.Plan(video, info);
        Assert.All(plan, c => Assert.True(c.ReferenceFramesOnly));

        var frames = new List<DecodedFrame>();
        foreach (var chunk in plan)
        {
            frames.AddRange(await new FrameDecoder().DecodeAsync(chunk, CancellationToken.None));
        }

        var targets = plan.SelectMany(c => c.FrameIndices).ToArray();
        Assert.Equal(targets.Length, frames.Count);
        Assert.All(targets.Zip(frames), p => Assert.InRange(p.Second.Index, p.First - 1, p.First + 3));
        var exact = await Decode(video, info, frames.Select(f => f.Index).ToArray());
        Assert.Equal(exact.Select(f => f.Image.Pixels), frames.Select(f => f.Image.Pixels));
    }

    [Fact]
    public async Task VariableFrameRateVideoIsSampledEvenlyInTime()
    {
        // 120 frames at 30 fps, then 120 at 15 fps: 12 s at 20 fps on average. Targets are times (index / average
        // fps), so the samples spread over the whole video rather than crowding into its faster part.
        var path = media.Make("vfr.mp4", "-f", "lavfi", "-i", "testsrc2=s=160x90:r=30:d=8",
            "-vf", "setpts='if(lt(N,120),N/30,(N-60)/15)/TB'", "-fps_mode", "vfr", "-pix_fmt", "yuv420p", "-c:v", "libx264");
        var (video, info) = await Probe(path);
        var plan = ChunkPlanner.Plan(video, info);

        var frames = new List<DecodedFrame>();
        foreach (var chunk in plan)
        {
            frames.AddRange(await new FrameDecoder().DecodeAsync(chunk, CancellationToken.None));
        }

        Assert.Equal(32, frames.Count);
        Assert.Equal(frames.Select(f => f.TimeSeconds).Order(), frames.Select(f => f.TimeSeconds));
        Assert.Equal(frames.Count, frames.Select(f => f.TimeSeconds).Distinct().Count());
        Assert.InRange(frames[^1].TimeSeconds, info.DurationSeconds - 0.5, info.DurationSeconds);
        Assert.InRange(frames.Count(f => f.TimeSeconds < 4), 9, 12); // a third of the time, a third of the samples
    }

    [Fact]
    public async Task OneDecodingThreadGivesTheSameFrames()
    {
        var (video, info) = await Probe(TestPaths.Video("real/dfdc-lynaeydofd.mp4"));
        var chunk = ChunkPlanner.Plan(video, info)[3];

        var threaded = await new FrameDecoder().DecodeAsync(chunk, CancellationToken.None);
        var single = await new FrameDecoder(decodeThreads: 1).DecodeAsync(chunk, CancellationToken.None);

        Assert.Equal(threaded.Select(f => (f.Index, f.Image.Pixels)), single.Select(f => (f.Index, f.Image.Pixels)));
    }

    /// <summary>The frames ffmpeg decodes when it skips non-reference frames, by index, from ffprobe.</summary>
    private static SortedSet<int> ReferenceFrameIndices(string path, double fps)
    {
        var times = Encoding.ASCII.GetString(ExternalTool.Run(
            "ffprobe", "-v", "error", "-skip_frame", "noref", "-select_streams", "v:0",
            "-show_entries", "frame=best_effort_timestamp_time", "-of", "csv=p=0", path));
        return new SortedSet<int>(times.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => double.Parse(line.Split(',')[0], CultureInfo.InvariantCulture))
            .Select(t => (int)Math.Round(t * fps)));
    }

    [Fact]
    public async Task PortraitVideoDecodesPortrait()
    {
        var (video, info) = await Probe(TestPaths.Video("fake/dfdc-brtujopkby.mp4"));

        var frames = await Decode(video, info, 150);

        Assert.Equal((1080, 1920), (frames[0].Image.Width, frames[0].Image.Height));
    }

    [Fact]
    public async Task RotatedVideoComesOutRotatedToDisplayOrientation()
    {
        var (video, info) = await Probe(media.Rotated);

        var frames = await Decode(video, info, 0);

        Assert.Equal((32, 64), (frames[0].Image.Width, frames[0].Image.Height));
    }

    [Fact]
    public async Task AChunksFramesDoNotDependOnWhereTheChunkStarts()
    {
        // Both chunks must agree on frames 13 and 27, so no frame is ever off by one.
        var (video, info) = await Probe(media.Small);

        var fromStart = await Decode(video, info, 0, 13, 27);
        var seeking = await Decode(video, info, 13, 27);

        Assert.Equal(fromStart[1].Image.Pixels, seeking[0].Image.Pixels);
        Assert.Equal(fromStart[2].Image.Pixels, seeking[1].Image.Pixels);
        Assert.NotEqual(fromStart[1].Image.Pixels, fromStart[2].Image.Pixels);
    }

    [Fact]
    public async Task LateFramesOfARealVideoDecodeCleanly()
    {
        // Seeking into this FaceForensics++ file lands on a non-IDR frame and decodes to garbage: a guard against
        // ever reintroducing input seeking.
        var (video, info) = await Probe(TestPaths.Video("real/ffpp-c23-519.mp4"));

        var fromStart = await Decode(video, info, 0, 400);
        var seeking = await Decode(video, info, 400);

        Assert.Equal(fromStart[1].Image.Pixels, seeking[0].Image.Pixels);
    }

    [Fact]
    public async Task StreamThatEndsEarlyYieldsTheFramesItHas()
    {
        var cut = media.Truncate(media.FastStart, 0.5, "half.mp4");
        var (video, info) = await Probe(cut);

        var frames = await Decode(video, info, 0, 5, 29);

        Assert.Equal(30, info.FrameCount);                    // the index still promises every frame
        Assert.InRange(frames.Count, 1, 2);
        Assert.Equal(0, frames[0].Index);
    }

    [Fact]
    public async Task ChunkPastTheCutIsATruncatedVideoError()
    {
        var cut = media.Truncate(media.FastStart, 0.3, "third.mp4");
        var (video, info) = await Probe(cut);

        var error = await Assert.ThrowsAsync<VideoInputException>(() => Decode(video, info, 28, 29));

        Assert.Contains(error.Reason, new[] { VideoInputError.Truncated, VideoInputError.DecodeFailed });
    }

    [Fact]
    public async Task CancellationStopsFfmpeg()
    {
        var (video, info) = await Probe(TestPaths.Video("real/dfdc-lynaeydofd.mp4"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new FrameDecoder().DecodeAsync(new FrameChunk(video, info, 0, [0, 299]), cancel.Token));
    }
}
