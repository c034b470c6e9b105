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

    /// <summary>What the engine agrees to scan.</summary>
    public VideoLimits Limits { get; set; } = new();
}
