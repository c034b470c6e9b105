using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace DeepScan.Detection.Onnx.Native;

/// <summary>Routes ONNX Runtime's own log lines (an <c>OrtLoggingFunction</c>) to an <see cref="ILogger"/>.</summary>
/// <remarks>
/// ONNX Runtime keeps one environment per process and keeps the logging function and parameter of whoever created
/// it. The parameter is therefore a registration number, never a pointer into managed memory: a line arriving
/// after its logger was unregistered is dropped instead of touching freed memory.
/// </remarks>
internal static unsafe class OrtLogForwarder
{
    private static readonly ConcurrentDictionary<nint, ILogger> Loggers = new();
    private static long lastId;

    /// <summary>The <c>OrtLoggingFunction</c> to pass to <c>CreateEnvWithCustomLogger</c>.</summary>
    public static IntPtr Function =>
        (IntPtr)(delegate* unmanaged<IntPtr, OrtLoggingLevel, byte*, byte*, byte*, byte*, void>)&Forward;

    /// <summary>Registers a logger; the result is the <c>logger_param</c> to pass along with <see cref="Function"/>.</summary>
    public static nint Register(ILogger logger)
    {
        var id = (nint)Interlocked.Increment(ref lastId);
        Loggers[id] = logger;
        return id;
    }

    public static void Unregister(nint id) => Loggers.TryRemove(id, out _);

    // void OrtLoggingFunction(void* param, OrtLoggingLevel severity, const char* category, const char* logid,
    //     const char* code_location, const char* message)
    [UnmanagedCallersOnly]
    private static void Forward(
        IntPtr param,
        OrtLoggingLevel severity,
        byte* category,
        byte* logId,
        byte* codeLocation,
        byte* message)
    {
        // An exception must not unwind into native code.
        try
        {
            if (Loggers.TryGetValue(param, out var logger))
            {
                logger.Log(
                    ToLogLevel(severity),
                    "ONNX Runtime [{Category}] {Message} ({CodeLocation})",
                    Marshal.PtrToStringUTF8((IntPtr)category),
                    Marshal.PtrToStringUTF8((IntPtr)message),
                    Marshal.PtrToStringUTF8((IntPtr)codeLocation));
            }
        }
        catch (Exception)
        {
            // A failing logger loses this line; it cannot be reported anywhere better.
        }
    }

    private static LogLevel ToLogLevel(OrtLoggingLevel severity) => severity switch
    {
        OrtLoggingLevel.Verbose => LogLevel.Trace,
        OrtLoggingLevel.Info => LogLevel.Debug,
        OrtLoggingLevel.Warning => LogLevel.Warning,
        OrtLoggingLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };
}
