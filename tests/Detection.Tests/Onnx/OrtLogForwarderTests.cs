using System.Runtime.InteropServices;
using DeepScan.Detection.Onnx.Native;
using Microsoft.Extensions.Logging;

namespace DeepScan.Detection.Tests.Onnx;

/// <summary>Calls the logging function through its native entry point, as ONNX Runtime does.</summary>
public sealed class OrtLogForwarderTests
{
    // void OrtLoggingFunction(void* param, OrtLoggingLevel severity, const char* category, const char* logid,
    //     const char* code_location, const char* message)
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void OrtLoggingFunction(
        IntPtr param, int severity, IntPtr category, IntPtr logId, IntPtr codeLocation, IntPtr message);

    private static readonly OrtLoggingFunction Log =
        Marshal.GetDelegateForFunctionPointer<OrtLoggingFunction>(OrtLogForwarder.Function);

    [Fact]
    public void LinesReachTheRegisteredLoggerAtTheirSeverity()
    {
        var logger = new RecordingLogger();
        var registration = OrtLogForwarder.Register(logger);
        try
        {
            Send(registration, severity: 2, "Removing initializer 'unused'.");
            Send(registration, severity: 3, "Session failed.");
        }
        finally
        {
            OrtLogForwarder.Unregister(registration);
        }

        Assert.Equal([LogLevel.Warning, LogLevel.Error], logger.Entries.Select(e => e.Level));
        Assert.Equal(
            "ONNX Runtime [onnxruntime] Removing initializer 'unused'. (graph.cc:1 Clean)",
            logger.Entries.First().Message);
    }

    [Fact]
    public void LinesForAnUnregisteredLoggerAreDropped()
    {
        var logger = new RecordingLogger();
        var registration = OrtLogForwarder.Register(logger);
        OrtLogForwarder.Unregister(registration);

        Send(registration, severity: 2, "After the environment was released.");

        Assert.Empty(logger.Entries);
    }

    private static void Send(nint registration, int severity, string message)
    {
        string[] texts = ["onnxruntime", "deepscan", "graph.cc:1 Clean", message];
        var pointers = texts.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        try
        {
            Log(registration, severity, pointers[0], pointers[1], pointers[2], pointers[3]);
        }
        finally
        {
            Array.ForEach(pointers, Marshal.FreeCoTaskMem);
        }
    }
}
