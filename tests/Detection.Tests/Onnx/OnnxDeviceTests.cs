using DeepScan.Detection.Onnx;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace DeepScan.Detection.Tests.Onnx;

[Collection(OnnxCollection.Name)]
public sealed class OnnxDeviceTests(OnnxFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void CpuIsTheDefaultAndNeedsNoReason()
    {
        using var session = fixture.Runtime.OpenSession(fixture.Model("affine.onnx"));

        Assert.Equal("cpu", session.Device);
        Assert.Null(session.DeviceFallbackReason);
    }

    [Fact]
    public void CudaRequestWithoutAGpuFallsBackToCpuWithALoggedReason()
    {
        var logger = new RecordingLogger();
        using var runtime = OnnxRuntime.Load(logger);

        using var session = runtime.OpenSession(
            fixture.Model("affine.onnx"),
            new OnnxSessionOptions(ExecutionDevice.Cuda, IntraOpThreads: 1));

        output.WriteLine($"fallback reason: {session.DeviceFallbackReason}");
        Assert.Equal("cpu", session.Device);
        Assert.False(string.IsNullOrWhiteSpace(session.DeviceFallbackReason));
        Assert.Contains(
            logger.Entries,
            e => e.Level == LogLevel.Warning && e.Message.Contains(session.DeviceFallbackReason!));
        Assert.Equal([3f, 3, 3, 3, 3, 3], session.Run([new NamedTensor("x", [1, 1, 1, 1, 1, 1], [2, 3])])[0].Data);
    }

    [Fact]
    public void TheCpuFileRunsWhereverTheSessionEndsOnTheCpuAndOnlyItNeedsToExist()
    {
        var cpuFile = fixture.Model("affine.onnx");
        var absent = Path.Combine(fixture.TempDir, "float-only-on-a-gpu-host.onnx");

        using var onCpu = fixture.Runtime.OpenSession(absent, cpuModelPath: cpuFile);
        using var fellBack = fixture.Runtime.OpenSession(
            fixture.Model("affine.onnx"), new OnnxSessionOptions(ExecutionDevice.Cuda), cpuFile);
        var missingCopy = Assert.Throws<OnnxRuntimeException>(() => fixture.Runtime.OpenSession(
            cpuFile, new OnnxSessionOptions(ExecutionDevice.Cuda), absent));

        Assert.Equal((cpuFile, "cpu"), (onCpu.ModelPath, onCpu.Device));
        Assert.Equal((cpuFile, "cpu"), (fellBack.ModelPath, fellBack.Device));
        Assert.Contains(absent, missingCopy.Message);
        Assert.Equal(absent, missingCopy.MissingModelPath);
    }

    [Fact]
    public void NegativeThreadCountIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => fixture.Runtime.OpenSession(fixture.Model("affine.onnx"), new OnnxSessionOptions(IntraOpThreads: -1)));
    }
}
