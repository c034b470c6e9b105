using DeepScan.Detection.Video;

namespace DeepScan.Detection.Tests.Video;

/// <summary>Runs only where ffmpeg can open a CUDA device; elsewhere it is skipped with ffmpeg's reason.</summary>
public sealed class HardwareDecodingFactAttribute : FactAttribute
{
    public HardwareDecodingFactAttribute()
    {
        if (HardwareDecoding.WhyUnavailable is { } reason)
        {
            Skip = $"No CUDA hardware decoder on this machine: {reason}";
        }
    }
}

public sealed class HardwareDecodingTests
{
    [HardwareDecodingFact]
    public async Task GpuDecodedFramesMatchCpuDecodedFrames()
    {
        var video = new VideoRef(TestPaths.Video("fake/dfdc-abofeumbvv.mp4"));
        var info = await new VideoProber().ProbeAsync(video, CancellationToken.None);
        var chunk = ChunkPlanner.Plan(video, info)[1];

        var cpu = await new FrameDecoder().DecodeAsync(chunk, CancellationToken.None);
        var gpu = await new FrameDecoder(hardwareDecoding: true).DecodeAsync(chunk, CancellationToken.None);

        Assert.Equal(cpu.Select(f => f.Index), gpu.Select(f => f.Index));
        // NVDEC output is bit-exact for H.264; the RGB conversion runs on the CPU in both cases.
        Assert.Equal(cpu.Select(f => f.Image.Pixels), gpu.Select(f => f.Image.Pixels));
    }

    [Fact]
    public void WithoutCudaTheCpuDecodesAndSaysWhy()
    {
        var logger = new RecordingLogger();

        var used = HardwareDecoding.Use(wanted: true, logger);

        Assert.Equal(HardwareDecoding.WhyUnavailable is null, used);
        if (!used)
        {
            Assert.Contains(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.StartsWith("Decoding on the CPU", StringComparison.Ordinal));
        }

        Assert.False(HardwareDecoding.Use(wanted: false, logger));
    }
}
