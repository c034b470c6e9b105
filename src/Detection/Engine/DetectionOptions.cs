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

    /// <summary>The most threads one model run may be given.</summary>
    public const int MaxIntraOpThreads = 1024;

    /// <summary>Every setting of the section that the engine cannot use, one line each; empty when all can be.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (IntraOpThreads is < 0 or > MaxIntraOpThreads)
        {
            problems.Add($"{SectionName}:IntraOpThreads must be 0 (one a core) to {MaxIntraOpThreads}, not {IntraOpThreads}.");
        }

        // A limit of zero or less would refuse every video, blaming the video.
        if (Limits.MaxDuration <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:Limits:MaxDuration must be more than zero, not {Limits.MaxDuration}.");
        }

        if (Limits.MaxBytes <= 0)
        {
            problems.Add($"{SectionName}:Limits:MaxBytes must be more than zero, not {Limits.MaxBytes}.");
        }

        if (Limits.MaxPixels <= 0)
        {
            problems.Add($"{SectionName}:Limits:MaxPixels must be more than zero, not {Limits.MaxPixels}.");
        }

        return problems;
    }
}
