using DeepScan.Detection.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Ort = Microsoft.ML.OnnxRuntime;

namespace DeepScan.Detection.Onnx;

/// <summary>Opens models on ONNX Runtime (the NuGet package's managed API) and says which device each runs on.</summary>
/// <remarks>
/// ONNX Runtime keeps one environment per process; its own log lines go to the logger of the first runtime created
/// (<c>OrtLog</c>). Sessions do not depend on the runtime that opened them, so disposing it first is safe.
/// </remarks>
public sealed class OnnxRuntime : IDisposable
{
    private static readonly Lock SharedGate = new();
    private static OnnxRuntime? shared;

    private readonly ILogger logger;
    private readonly bool isShared;
    private bool disposed;

    private OnnxRuntime(ILogger logger, ILogger? nativeLog, bool isShared)
    {
        OrtLog.EnsureEnvironment(nativeLog ?? logger);
        this.logger = logger;
        this.isShared = isShared;
        Version = OrtEnv.Instance().GetVersionString();
    }

    /// <summary>The native library's version string, e.g. <c>1.32.0</c>.</summary>
    public string Version { get; }

    /// <summary>A runtime owned by the caller, logging CUDA fallbacks to <paramref name="logger"/>.</summary>
    /// <param name="nativeLog">Where ONNX Runtime's own lines go (category <see cref="OrtLog.Category"/> by
    /// convention) if this is the process's first runtime; <paramref name="logger"/> when null.</param>
    public static OnnxRuntime Load(ILogger? logger = null, ILogger? nativeLog = null) =>
        new(logger ?? NullLogger.Instance, nativeLog, isShared: false);

    /// <summary>The process-wide runtime, created on first use; the first call's loggers are kept and disposing it
    /// does nothing.</summary>
    public static OnnxRuntime Shared(ILogger? logger = null, ILogger? nativeLog = null)
    {
        lock (SharedGate)
        {
            return shared ??= new OnnxRuntime(logger ?? NullLogger.Instance, nativeLog, isShared: true);
        }
    }

    /// <summary>Loads a model on the preferred device (CUDA falls back to the CPU with the reason logged).</summary>
    /// <param name="cpuModelPath">The file to run instead wherever the session runs on the CPU, asked for or fallen
    /// back to (a member's int8 copy of <paramref name="modelPath"/>); null runs <paramref name="modelPath"/> there
    /// too. <see cref="OnnxSession.ModelPath"/> says which was opened.</param>
    /// <exception cref="OnnxRuntimeException">The file to open is missing (the message names it, and
    /// <see cref="OnnxRuntimeException.MissingModelPath"/> holds it) or is not a model ONNX Runtime can load.</exception>
    public OnnxSession OpenSession(string modelPath, OnnxSessionOptions? options = null, string? cpuModelPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ObjectDisposedException.ThrowIf(disposed && !isShared, this);
        options ??= new OnnxSessionOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpThreads);

        var (session, path, device, fallbackReason) = Open(modelPath, cpuModelPath ?? modelPath, options);
        if (fallbackReason is not null)
        {
            logger.LogWarning(
                "CUDA was requested for {Model} but it runs on the CPU: {Reason}", Path.GetFileName(modelPath), fallbackReason);
        }

        var opened = new OnnxSession(session, path, device, fallbackReason);
        logger.LogDebug(
            "Opened {Model} on {Device}: inputs {Inputs}, outputs {Outputs}",
            Path.GetFileName(path), opened.Device, Describe(opened.Inputs), Describe(opened.Outputs));
        return opened;
    }

    public void Dispose() => disposed = true;

    private (InferenceSession Session, string Path, string Device, string? FallbackReason) Open(
        string path, string cpuPath, OnnxSessionOptions options)
    {
        string? fallbackReason = null;
        if (options.PreferredDevice == ExecutionDevice.Cuda)
        {
            var cudaPath = Installed(path);
            using var cuda = CreateOptions(options);
            try
            {
                cuda.AppendExecutionProvider_CUDA(0);
                return (CreateSession(cudaPath, cuda), cudaPath, "cuda", null);
            }
            catch (EntryPointNotFoundException e)
            {
                fallbackReason = "this build carries the CPU-only ONNX Runtime (build with -p:DeepScanGpu=true for "
                    + $"Microsoft.ML.OnnxRuntime.Gpu.Linux): {e.Message}";
            }
            catch (Exception e) when (e is Ort.OnnxRuntimeException or OnnxRuntimeException or DllNotFoundException)
            {
                fallbackReason = e.Message;
            }
        }

        var onCpu = Installed(cpuPath);
        return (OpenOnCpu(onCpu, options), onCpu, "cpu", fallbackReason);
    }

    /// <summary>The file's full path.</summary>
    /// <exception cref="OnnxRuntimeException">It does not exist.</exception>
    private static string Installed(string modelPath)
    {
        var fullPath = Path.GetFullPath(modelPath);
        return File.Exists(fullPath)
            ? fullPath
            : throw new OnnxRuntimeException(
                $"ONNX model not found at '{fullPath}'. Run ./setup.sh to fetch the models, or check the path.",
                missingModelPath: fullPath);
    }

    /// <summary>A CPU session, from the kept optimized graph when there is one, else optimized now and kept.</summary>
    private InferenceSession OpenOnCpu(string path, OnnxSessionOptions options)
    {
        var cached = options.OptimizedModelCache is { } directory
            ? OptimizedModelCache.PathFor(directory, path, Version)
            : null;
        if (cached is not null && File.Exists(cached))
        {
            try
            {
                using var kept = CreateOptions(options);
                kept.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL; // optimized when it was kept
                return new InferenceSession(cached, kept);
            }
            catch (Ort.OnnxRuntimeException e)
            {
                logger.LogWarning("The kept optimized graph {Cached} could not be loaded ({Reason}); optimizing {Model} "
                    + "again", cached, e.Message, Path.GetFileName(path));
                TryDelete(cached);
            }
        }

        if (cached is not null && Keep(path, cached, options) is { } session)
        {
            return session;
        }

        using var cpu = CreateOptions(options);
        return CreateSession(path, cpu);
    }

    /// <summary>Opens the model with its optimized graph written to <paramref name="cached"/>; null, logged, when the
    /// graph cannot be kept there (a read-only folder, say): the caller then opens the model without keeping it.</summary>
    private InferenceSession? Keep(string path, string cached, OnnxSessionOptions options)
    {
        var temporary = OptimizedModelCache.TemporaryFor(cached);
        InferenceSession session;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
            using var keeping = CreateOptions(options);
            keeping.OptimizedModelFilePath = temporary;
            session = new InferenceSession(path, keeping);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Ort.OnnxRuntimeException)
        {
            logger.LogDebug("The optimized graph of {Model} is not kept ({Reason})", Path.GetFileName(path), e.Message);
            TryDelete(temporary);
            return null;
        }

        try
        {
            File.Move(temporary, cached, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogDebug("The optimized graph of {Model} is not kept ({Reason})", Path.GetFileName(path), e.Message);
            TryDelete(temporary);
            return session;
        }

        try
        {
            foreach (var stale in OptimizedModelCache.Superseded(cached, path, Version))
            {
                TryDelete(stale);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogDebug("Earlier graphs of {Model} were not pruned ({Reason})", Path.GetFileName(path), e.Message);
        }

        return session;
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind; a later start overwrites or ignores it.
        }
    }

    private static SessionOptions CreateOptions(OnnxSessionOptions options)
    {
        var sessionOptions = new SessionOptions();
        if (options.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        }

        return sessionOptions;
    }

    private static InferenceSession CreateSession(string path, SessionOptions options)
    {
        try
        {
            return new InferenceSession(path, options);
        }
        catch (Ort.OnnxRuntimeException e)
        {
            throw new OnnxRuntimeException($"Could not open ONNX model '{path}': {e.Message}", e);
        }
    }

    private static string Describe(IEnumerable<TensorMetadata> tensors) =>
        string.Join(", ", tensors.Select(t => $"{t.Name} {t.ElementType}[{string.Join(",", t.Shape)}]"));
}
