using System.Runtime.InteropServices;
using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Tests.Onnx;

/// <summary>Runs on Linux, in a test process not started with <c>ORT_DISABLE_TELEMETRY</c> (which deepscan leaves as
/// it is).</summary>
public sealed class TelemetrySwitchFactAttribute : FactAttribute
{
    public TelemetrySwitchFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "checks the C environment of a Linux process";
        }
        else if (Environment.GetEnvironmentVariable("ORT_DISABLE_TELEMETRY") is not null)
        {
            Skip = "the test process was started with ORT_DISABLE_TELEMETRY set";
        }
    }
}

[Collection(OnnxCollection.Name)]
public sealed class OrtTelemetryTests
{
    [TelemetrySwitchFact]
    public void TelemetryIsOffInTheEnvironmentTheNativeLibraryReads()
    {
        using var runtime = OnnxRuntime.Load();

        Assert.Equal("1", Marshal.PtrToStringAnsi(getenv("ORT_DISABLE_TELEMETRY")));
    }

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr getenv(string name);
}
