using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;

namespace DeepScan.Functions;

/// <summary>
/// <c>DeepScan.Functions.dll selfcheck</c>: opens the default face detector on CUDA and fails when ONNX Runtime ran it
/// anywhere else. The image's entrypoint runs it before the Functions host when <c>Detection__Device=cuda</c>.
/// </summary>
internal static class DeviceSelfCheck
{
    public const string Command = "selfcheck";

    /// <returns>0 when the model runs on CUDA; 1, with ONNX Runtime's reason on <paramref name="error"/>,
    /// otherwise.</returns>
    public static int Run(TextWriter output, TextWriter error)
    {
        try
        {
            var paths = DeepScanPaths.Discover();
            var model = paths.ModelFile(ModelManifest.Load(paths.ManifestPath).Detector(null).File);
            using var runtime = OnnxRuntime.Load();
            using var session = runtime.OpenSession(model, new OnnxSessionOptions(ExecutionDevice.Cuda));
            if (session.Device != "cuda")
            {
                error.WriteLine(
                    $"selfcheck: CUDA was requested but ONNX Runtime {runtime.Version} runs on "
                    + $"{session.Device}: {session.DeviceFallbackReason}");
                return 1;
            }

            output.WriteLine($"selfcheck: ONNX Runtime {runtime.Version} runs {Path.GetFileName(model)} on CUDA.");
            return 0;
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or ModelSetupException)
        {
            error.WriteLine($"selfcheck: {ex.Message}");
            return 1;
        }
    }
}
