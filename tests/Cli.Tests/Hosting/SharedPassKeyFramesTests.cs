using DeepScan.Cli.Scanning;
using DeepScan.Detection.Tests.Video;

namespace DeepScan.Cli.Tests.Hosting;

/// <summary>Where the local host looks for reset frames: only where its shared decode pass could seek, and always when
/// it decodes one ffmpeg per chunk (each chunk then starts at its own reset frame).</summary>
public sealed class SharedPassKeyFramesTests(GeneratedVideos media) : IClassFixture<GeneratedVideos>
{
    /// <summary>40 s at 25 fps, a reset frame every 40 frames.</summary>
    private string Video { get; } = media.Make(
        "gop40.mp4", "-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=40", "-pix_fmt", "yuv420p", "-c:v", "libx264",
        "-g", "40");

    [Theory]
    [InlineData(32, true, false)] // 1.3 s apart: one pass from the first frame, no reset frames needed
    [InlineData(4, true, true)]   // 13 s apart: the pass seeks
    [InlineData(32, false, true)] // one ffmpeg per chunk: later chunks start at their reset frame
    public async Task PlansCarryResetFramesOnlyWhereDecodingSeeks(int frames, bool sharedPass, bool seeks)
    {
        using var scanner = new LocalScanner(new ScanCliOptions(Frames: frames, ChunkSize: 8), sharedDecodePass: sharedPass);

        var plan = await scanner.PlanAsync(Video, CancellationToken.None);

        Assert.Equal(seeks, plan.Any(chunk => chunk.Seek is not null));
    }
}
