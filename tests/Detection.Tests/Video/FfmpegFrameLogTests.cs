using System.Text;
using DeepScan.Detection.Video;

namespace DeepScan.Detection.Tests.Video;

public sealed class FfmpegFrameLogTests
{
    private static async Task<(string Errors, List<double?> Times)> Read(string stderr)
    {
        var log = new FfmpegFrameLog();
        var errors = await log.ReadAsync(new StreamReader(new MemoryStream(Encoding.UTF8.GetBytes(stderr))));
        var times = new List<double?>();
        while (await log.NextFrameTimeAsync(CancellationToken.None) is { } t)
        {
            times.Add(t);
        }

        return (errors, times);
    }

    [Fact]
    public async Task FrameTimesComeFromPtsInTheTimeBaseCountedFromTheFirstFrame()
    {
        // As ffmpeg 5.1 prints it with -loglevel level+info.
        const string stderr = """
            [info] Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/v.mp4':
            [Parsed_showinfo_1 @ 0x55b2e94c3280] [info] config in time_base: 1/11988, frame_rate: 2997/100
            [Parsed_showinfo_1 @ 0x55b2e94c3280] [info] config out time_base: 0/0, frame_rate: 0/0
            [Parsed_showinfo_1 @ 0x55b2e94c3280] [info] n:   0 pts:   1200 pts_time:0.1001  pos:  48 fmt:yuv420p sar:0/1 s:1920x1080 i:P iskey:1 type:I
            [Parsed_showinfo_1 @ 0x55b2e94c3280] [info] n:   1 pts:   4400 pts_time:0.367034 pos: 9 fmt:yuv420p sar:0/1 s:1920x1080 i:P iskey:0 type:P
            [info] video:1kB audio:0kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: 0.000000%
            """;

        var (errors, times) = await Read(stderr);

        Assert.Equal([0.0, 3200.0 / 11988], times);
        Assert.Equal("", errors);
    }

    [Fact]
    public async Task OnlyErrorLinesAreKeptWithoutTheirLevelTag()
    {
        const string stderr = """
            [h264 @ 0x5612] [error] Invalid NAL unit size (1234 > 99).
            [warning] something harmless
            [fatal] file:/v.mp4: Invalid data found when processing input
            """;

        var (errors, times) = await Read(stderr);

        Assert.Empty(times);
        Assert.Equal(
            ["[h264 @ 0x5612] Invalid NAL unit size (1234 > 99).", "file:/v.mp4: Invalid data found when processing input"],
            errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task AFrameLineInAnUnknownFormatFailsTheReaderInsteadOfLeavingItWaiting()
    {
        var log = new FfmpegFrameLog();
        await log.ReadAsync(new StreamReader(new MemoryStream(Encoding.UTF8.GetBytes(
            "[Parsed_showinfo_1 @ 0x1] [info] n:   0 timestamp: 0 at 0.0 s\n"))));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => log.NextFrameTimeAsync(CancellationToken.None).AsTask());
        Assert.Contains("not understood", error.Message);
    }

    [Fact]
    public async Task WithoutATimeBaseThePrintedTimeIsUsed()
    {
        const string stderr = """
            [Parsed_showinfo_1 @ 0x1] [info] n:   0 pts:      7 pts_time:0.5 pos: 1
            [Parsed_showinfo_1 @ 0x1] [info] n:   1 pts:     NOPTS pts_time:NOPTS pos: 2
            [Parsed_showinfo_1 @ 0x1] [info] n:   2 pts:     10 pts_time:0.75 pos: 3
            """;

        var (_, times) = await Read(stderr);

        Assert.Equal(3, times.Count);
        Assert.Equal(0.0, times[0]);
        Assert.True(double.IsNaN(times[1]!.Value));
        Assert.Equal(0.25, times[2]);
    }
}
