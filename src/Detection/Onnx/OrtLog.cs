using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace DeepScan.Detection.Onnx;

/// <summary>Creates ONNX Runtime's process-wide environment with its log lines routed to an <see cref="ILogger"/>.</summary>
/// <remarks>The environment can be created once per process, so the first logger given keeps ONNX Runtime's lines;
/// a line that fails to log is dropped, since an exception must not unwind into native code. Its telemetry is off
/// unless the process was started with <c>ORT_DISABLE_TELEMETRY</c> set otherwise.</remarks>
public static class OrtLog
{
    /// <summary>The category of ONNX Runtime's own lines, which hosts may filter apart from deepscan's.</summary>
    public const string Category = "OnnxRuntime";

    private static readonly Lock Gate = new();
    private static readonly DOrtLoggingFunction Forward = Write;
    private static ILogger? target;

    private const string TelemetrySwitch = "ORT_DISABLE_TELEMETRY";

    internal static void EnsureEnvironment(ILogger logger)
    {
        lock (Gate)
        {
            if (target is not null)
            {
                return;
            }

            KeepTelemetryOff();
            if (OrtEnv.IsCreated)
            {
                return;
            }

            target = logger;
            var options = new EnvironmentCreationOptions
            {
                logId = "deepscan",
                logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                loggingFunction = Forward,
            };
            OrtEnv.CreateInstanceWithOptions(ref options);
        }
    }

    /// <summary>Turns ONNX Runtime's telemetry off before its environment exists: on Linux its environment otherwise
    /// opens an SQLite event store and a device id under <c>~/.cache/Microsoft/DeveloperTools</c> and surveys the
    /// machine's hardware, about 70 ms of CPU at the start of every cold scan, for telemetry deepscan has no use for.
    /// </summary>
    /// <remarks>The native library reads the C environment, which <see cref="Environment.SetEnvironmentVariable(string,
    /// string)"/> does not change on Unix. Windows is left as it is.</remarks>
    private static void KeepTelemetryOff()
    {
        if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            && Environment.GetEnvironmentVariable(TelemetrySwitch) is null)
        {
            _ = setenv(TelemetrySwitch, "1", overwrite: 0);
        }
    }

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int setenv(string name, string value, int overwrite);

    private static void Write(
        IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        try
        {
            target?.Log(
                severity switch
                {
                    OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE => LogLevel.Trace,
                    OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO => LogLevel.Debug,
                    OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING => LogLevel.Warning,
                    OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR => LogLevel.Error,
                    _ => LogLevel.Critical,
                },
                "ONNX Runtime [{Category}] {Message} ({CodeLocation})",
                category,
                message,
                codeLocation);
        }
        catch (Exception)
        {
            // A failing logger loses this line; it cannot be reported anywhere better.
        }
    }
}
