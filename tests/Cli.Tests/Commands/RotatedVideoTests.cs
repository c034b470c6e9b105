using DeepScan.Cli.Scanning;
using DeepScan.Detection;
using DeepScan.Detection.Tests;
using DeepScan.Detection.Tests.Video;

namespace DeepScan.Cli.Tests.Commands;

/// <summary>A phone video stored landscape with a 90° display rotation: faces must come out in display coordinates.</summary>
public sealed class RotatedVideoTests(GeneratedVideos media) : IClassFixture<GeneratedVideos>
{
    [Fact]
    public async Task BoxesOfARotatedVideoAreTheUprightBoxesRotatedIntoTheDisplayFrame()
    {
        var upright = TestPaths.Video("real/dfdc-lynaeydofd.mp4");
        var rotated = media.Make("rotated-dfdc.mp4", "-i", upright, "-c", "copy", "-metadata:s:v:0", "rotate=90");
        using var scanner = new LocalScanner(new ScanCliOptions(Frames: 3, ChunkSize: 3));

        var a = (await scanner.ScanAsync(upright, CancellationToken.None)).Verdict;
        var b = (await scanner.ScanAsync(rotated, CancellationToken.None)).Verdict;

        Assert.Equal((1080, 1920), (b.Source.Width, b.Source.Height));
        Assert.Contains(b.Source.Rotation, new[] { 90, 270 });
        var pairs = a.Frames.Zip(b.Frames).Where(p => p.First.Faces.Length > 0 && p.Second.Faces.Length > 0).ToList();
        Assert.NotEmpty(pairs);
        foreach (var (frameA, frameB) in pairs)
        {
            var (ax, ay) = Centre(frameA.Faces[0].Box);
            var (bx, by) = Centre(frameB.Faces[0].Box);
            // Rotating a 1920x1080 frame a quarter turn maps (x, y) to (1080 - y, x) clockwise or (y, 1920 - x) back.
            var clockwise = Math.Max(Math.Abs(bx - (1080 - ay)), Math.Abs(by - ax));
            var counter = Math.Max(Math.Abs(bx - ay), Math.Abs(by - (1920 - ax)));
            Assert.True(Math.Min(clockwise, counter) < 40, $"rotated face at ({bx}, {by}), upright at ({ax}, {ay})");
            Assert.InRange(frameB.Faces[0].Box.Right, 0, 1080);
            Assert.InRange(frameB.Faces[0].Box.Bottom, 0, 1920);
        }
    }

    private static (float X, float Y) Centre(FaceBox box) => (box.X + box.Width / 2, box.Y + box.Height / 2);
}
