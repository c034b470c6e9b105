using System.Text;
using DeepScan.Detection.Video;

namespace DeepScan.Detection.Tests.Video;

public sealed class FfmpegAllocatorTests(GeneratedVideos media) : IClassFixture<GeneratedVideos>
{
    [Fact]
    public void WithoutTunablesOfItsOwnTheProcessGivesFfmpegTheAllocatorSettings() =>
        Assert.Equal(FfmpegAllocator.Tunables, FfmpegAllocator.For(null)["GLIBC_TUNABLES"]);

    [Fact]
    public void TunablesTheProcessWasGivenAreLeftToBeInherited() =>
        Assert.Empty(FfmpegAllocator.For("glibc.malloc.arena_max=2"));

    [Fact]
    public void TheSettingsAreGlibcTunablesItAccepts()
    {
        // glibc ignores a misspelled tunable silently, so check each name against the ones this C library lists.
        var listed = Listed();

        foreach (var setting in FfmpegAllocator.Tunables.Split(':'))
        {
            Assert.Contains(setting.Split('=')[0], listed);
        }
    }

    [Fact]
    public async Task TheFfmpegAScanStartsRunsWithThem()
    {
        using var prestarted = new FrameDecoder().Prestart(new VideoRef(media.Small));

        var environment = await File.ReadAllTextAsync($"/proc/{prestarted.ProcessId}/environ");

        var expected = Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is { Length: > 0 } own
            ? own
            : FfmpegAllocator.Tunables;
        // Once ffmpeg's loader has read the variable, it splits it in place: each ':' becomes a NUL.
        Assert.Contains($"GLIBC_TUNABLES={expected}", environment.Replace('\0', ':'));
    }

    private static string Listed()
    {
        var text = new StringBuilder();
        var (exitCode, _) = ExternalProcess.RunAsync(
            "/lib64/ld-linux-x86-64.so.2",
            ["--list-tunables"],
            async (stdout, ct) => text.Append(await new StreamReader(stdout).ReadToEndAsync(ct)),
            CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(0, exitCode);
        return text.ToString();
    }
}
