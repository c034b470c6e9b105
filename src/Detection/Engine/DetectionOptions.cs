using DeepScan.Detection.Onnx;
using DeepScan.Detection.Video;

namespace DeepScan.Detection.Engine;

/// <summary>Which models the engine loads and where they run (configuration section <c>Detection</c>).</summary>
/// <remarks>Sampling and aggregation are the workflow's (section <c>Scan</c>); these are the engine's own.</remarks>
public sealed class DetectionOptions
{
    public const string SectionName = "Detection";

    /// <summary>The face detector's manifest name; the manifest's default when null.</summary>
    public string? Detector { get; set; }

    /// <summary><c>cpu</c> or <c>cuda</c>. CUDA falls back to CPU with a logged reason when it cannot load.</summary>
    public ExecutionDevice Device { get; set; } = ExecutionDevice.Cpu;

    /// <summary>Only these members (manifest names) when set; else every enabled member.</summary>
    public string[]? Members { get; set; }

    /// <summary>
    /// Threads one model run may use; 0 lets ONNX Runtime take one per core. One by default: on two cores BlazeFace
    /// measured 25 ms of CPU a frame single-threaded against 45–50 ms with a thread per core (the pool spin-waits,
    /// taking CPU from ffmpeg decoding alongside), and the engine already runs one model per core at once.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>What the engine agrees to scan.</summary>
    public VideoLimits Limits { get; set; } = new();
}
