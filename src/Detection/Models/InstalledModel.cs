using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Models;

/// <summary>Opens the model file a manifest entry names; a missing file is a setup problem of that entry.</summary>
internal static class InstalledModel
{
    /// <summary>Opens <paramref name="modelPath"/>, or <paramref name="cpuModelPath"/> where the session runs on the
    /// CPU, as <see cref="OnnxRuntime.OpenSession"/> does (the runtime picks the file).</summary>
    /// <param name="owner">What needs the file, as the message names it: <c>Face detector 'yunet'</c>.</param>
    /// <exception cref="ModelSetupException">The file to open is missing; the message names the owner, the file and
    /// the fix.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime cannot load the file.</exception>
    public static OnnxSession Open(
        OnnxRuntime runtime, string owner, string modelPath, OnnxSessionOptions options, string? cpuModelPath = null)
    {
        try
        {
            return runtime.OpenSession(modelPath, options, cpuModelPath);
        }
        catch (OnnxRuntimeException e) when (e.MissingModelPath is { } missing)
        {
            throw new ModelSetupException(
                $"{owner} needs '{missing}', which does not exist; run ./setup.sh to fetch and convert the models.", e);
        }
    }
}
