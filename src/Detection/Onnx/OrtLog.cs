using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace DeepScan.Detection.Onnx;

/// <summary>Creates ONNX Runtime's process-wide environment with its log lines routed to an <see cref="ILogger"/>.</summary>
/// <remarks>The environment can be created once per process, so the first logger given keeps ONNX Runtime's lines;
/// a line that fails to log is dropped, since an exception must not unwind into native code.</remarks>
public static class OrtLog
{
    /// <summary>The category of ONNX Runtime's own lines, which hosts may filter apart from deepscan's.</summary>
    public const string Category = "OnnxRuntime";

    private static readonly Lock Gate = new();
    private static readonly DOrtLoggingFunction Forward = Write;
    private static ILogger? target;

    internal static void EnsureEnvironment(ILogger logger)
    {
        lock (Gate)
        {
            if (target is not null || OrtEnv.IsCreated)
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
