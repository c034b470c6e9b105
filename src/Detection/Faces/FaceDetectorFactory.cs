using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;
using Microsoft.Extensions.Logging;

namespace DeepScan.Detection.Faces;

/// <summary>Builds the face detector a manifest entry names, over a session on the CPU.</summary>
public static class FaceDetectorFactory
{
    private static readonly Dictionary<string, Func<DetectorEntry, OnnxSession, IFaceDetector>> Constructors =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["blazeface"] = (entry, session) => new BlazeFaceDetector(entry, session),
            ["yunet"] = (entry, session) => new YuNetDetector(entry, session),
            ["ultraface"] = (entry, session) => new UltraFaceDetector(entry, session),
        };

    /// <summary>The detector kinds this build can decode.</summary>
    public static IReadOnlyCollection<string> Kinds => Constructors.Keys;

    /// <param name="intraOpThreads">Threads one run may use; 0 lets ONNX Runtime take one per core.</param>
    /// <param name="optimizedModelCache">Where the optimized graph is kept between processes; null keeps none.</param>
    /// <exception cref="ModelSetupException">The kind is unknown, or the model file is missing or not of that kind.</exception>
    public static IFaceDetector Create(
        DetectorEntry entry,
        string modelDirectory,
        OnnxRuntime runtime,
        ILogger logger,
        int intraOpThreads = 0,
        string? optimizedModelCache = null)
    {
        if (!Constructors.TryGetValue(entry.Kind, out var construct))
        {
            throw new ModelSetupException(
                $"Face detector '{entry.Name}' has unknown kind '{entry.Kind}'. Known kinds: {string.Join(", ", Kinds)}.");
        }

        var path = Path.Combine(modelDirectory, entry.File);
        // Detectors are small and run once per sampled frame; the CPU keeps the GPU free for the classifiers.
        var session = InstalledModel.Open(
            runtime,
            $"Face detector '{entry.Name}'",
            path,
            new OnnxSessionOptions(ExecutionDevice.Cpu, intraOpThreads, optimizedModelCache));

        try
        {
            var detector = construct(entry, session);
            logger.LogInformation(
                "Face detector {Name} ({Kind}, {Width}x{Height}) loaded from {Path}",
                entry.Name,
                entry.Kind,
                entry.InputWidth,
                entry.InputHeight,
                path);
            return detector;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}
