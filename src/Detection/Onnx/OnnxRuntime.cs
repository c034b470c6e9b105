using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeepScan.Detection.Onnx;

/// <summary>ONNX Runtime, loaded from its shared library, with the environment sessions run in; thread-safe.</summary>
/// <remarks>
/// ONNX Runtime keeps one environment per process; its own log lines go to the logger of the runtime that
/// created it. Sessions keep that environment alive, so disposing a runtime before its sessions is safe.
/// </remarks>
public sealed class OnnxRuntime : IDisposable
{
    private static readonly Lock SharedGate = new();
    private static OnnxRuntime? shared;

    private readonly OrtApi api;
    private readonly OrtEnvHandle env;
    private readonly ILogger logger;
    private readonly bool isShared;

    private OnnxRuntime(OrtLibrary library, OrtEnvHandle env, ILogger logger, bool isShared)
    {
        api = library.Api;
        this.env = env;
        this.logger = logger;
        this.isShared = isShared;
        Version = library.Version;
        LibraryPath = library.Path;
    }

    /// <summary>The library's version string, e.g. <c>1.30.0</c>.</summary>
    public string Version { get; }

    /// <summary>The full path of the shared library in use.</summary>
    public string LibraryPath { get; }

    /// <summary>Loads ONNX Runtime and creates an environment owned by the caller.</summary>
    /// <param name="libraryPath">The shared library; by default <see cref="DeepScanPaths.NativeLibrary"/>, which
    /// <c>DEEPSCAN_ORT_LIBRARY</c> overrides.</param>
    /// <exception cref="OnnxRuntimeException">The library is missing (the message names the path and
    /// <c>./setup.sh</c>), cannot be loaded, or is older than 1.30.</exception>
    public static OnnxRuntime Load(ILogger? logger = null, string? libraryPath = null) =>
        Create(logger ?? NullLogger.Instance, libraryPath ?? DeepScanPaths.Discover().NativeLibrary, isShared: false);

    /// <summary>The process-wide runtime from the default library path, loaded on first use.</summary>
    /// <remarks>The first successful call's logger is kept. Disposing the shared runtime does nothing.</remarks>
    /// <exception cref="OnnxRuntimeException">As for <see cref="Load"/>; a later call tries again.</exception>
    public static OnnxRuntime Shared(ILogger? logger = null)
    {
        lock (SharedGate)
        {
            return shared ??= Create(
                logger ?? NullLogger.Instance,
                DeepScanPaths.Discover().NativeLibrary,
                isShared: true);
        }
    }

    /// <summary>Loads a model and reads its inputs and outputs.</summary>
    /// <exception cref="OnnxRuntimeException">The file is missing (the message names it) or is not a model ONNX
    /// Runtime can load.</exception>
    public OnnxSession OpenSession(string modelPath, OnnxSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ObjectDisposedException.ThrowIf(env.IsClosed, this);
        options ??= new OnnxSessionOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpThreads);

        var fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
        {
            throw new OnnxRuntimeException(
                OrtErrorCode.NoSuchFile,
                $"ONNX model not found at '{fullPath}'. Run ./setup.sh to fetch the models, or check the path.");
        }

        var opened = OrtSessionFactory.Open(api, env, fullPath, options);
        if (opened.FallbackReason is not null)
        {
            logger.LogWarning(
                "CUDA was requested for {Model} but it runs on the CPU: {Reason}",
                Path.GetFileName(fullPath),
                opened.FallbackReason);
        }

        try
        {
            var session = new OnnxSession(api, fullPath, opened);
            logger.LogDebug(
                "Opened {Model} on {Device}: inputs {Inputs}, outputs {Outputs}",
                Path.GetFileName(fullPath),
                session.Device,
                Describe(session.Inputs),
                Describe(session.Outputs));
            return session;
        }
        catch
        {
            opened.Session.Dispose();
            throw;
        }
    }

    /// <summary>Releases this runtime's hold on the environment; open sessions keep working.</summary>
    public void Dispose()
    {
        if (!isShared)
        {
            env.Dispose();
        }
    }

    private static OnnxRuntime Create(ILogger logger, string libraryPath, bool isShared)
    {
        var library = OrtLibrary.Load(libraryPath);
        var env = OrtEnvHandle.Create(library.Api, logger);
        logger.LogDebug("Loaded ONNX Runtime {Version} from {Path}", library.Version, library.Path);
        return new OnnxRuntime(library, env, logger, isShared);
    }

    private static string Describe(IEnumerable<TensorMetadata> tensors) =>
        string.Join(", ", tensors.Select(t => $"{t.Name} {t.ElementType}[{string.Join(",", t.Shape)}]"));
}
