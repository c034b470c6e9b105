using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Engine;

/// <summary>How the engine samples, detects and scores (configuration section <c>Detection</c>).</summary>
public sealed class DetectionOptions
{
    public const string SectionName = "Detection";

    /// <summary>Frames sampled evenly across the video.</summary>
    public int Frames { get; set; } = 32;

    /// <summary>Frames per chunk: the unit of fan-out and of one ffmpeg process.</summary>
    public int ChunkSize { get; set; } = 8;

    /// <summary>The face detector's manifest name; the manifest's default when null.</summary>
    public string? Detector { get; set; }

    /// <summary><c>cpu</c> or <c>cuda</c>. CUDA falls back to CPU with a logged reason when it cannot load.</summary>
    public ExecutionDevice Device { get; set; } = ExecutionDevice.Cpu;

    /// <summary>Per-video aggregation strategy: <c>trimmed-mean</c>, <c>mean</c> or <c>confident</c>.</summary>
    public string Aggregation { get; set; } = "trimmed-mean";

    /// <summary>Video probabilities at or above this are <c>fake</c>.</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>Only these members (manifest names) when set; else every enabled member.</summary>
    public string[]? Members { get; set; }
}
