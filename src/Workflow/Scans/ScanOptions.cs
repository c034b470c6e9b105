using DeepScan.Detection.Scoring;
using DeepScan.Detection.Video;
using DeepScan.Workflow.Webhooks;

namespace DeepScan.Workflow.Scans;

/// <summary>How scans sample and score, bound from the <c>Scan</c> configuration section.</summary>
public sealed class ScanOptions
{
    public const string SectionName = "Scan";
    public const int MaxFramesPerVideo = 4096, MaxFramesPerChunk = 256;

    /// <summary>The default cap on frames sampled at a rate: as many as one ffmpeg process selects.</summary>
    public const int DefaultMaxFrames = 1024;

    public int FramesPerVideo { get; set; } = 32;

    /// <summary>Frames per second of video; 0 (the default) samples <see cref="FramesPerVideo"/> frames whatever the
    /// video's length.</summary>
    public double FramesPerSecond { get; set; }

    /// <summary>The most frames <see cref="FramesPerSecond"/> samples from one video.</summary>
    public int MaxFrames { get; set; } = DefaultMaxFrames;

    public int FramesPerChunk { get; set; } = 8;

    /// <summary><c>trimmed-mean</c>, <c>mean</c> or <c>confident</c>.</summary>
    public string Aggregation { get; set; } = TrimmedMeanAggregator.StrategyName;

    public double Threshold { get; set; } = VerdictAssembler.DefaultThreshold;

    /// <summary>Keep a thumbnail of every scored face and render each scan's evidence sheet (on by default; off
    /// stores no face images).</summary>
    public bool Evidence { get; set; } = true;

    /// <summary>Activities run at once by the in-process host (chunk scorings are CPU-bound).</summary>
    public int MaxConcurrentActivities { get; set; } = Environment.ProcessorCount;

    /// <summary>What is wrong with these options, one line each, worded for whoever edits the configuration.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (FramesPerVideo is < 1 or > MaxFramesPerVideo)
        {
            problems.Add($"{SectionName}:FramesPerVideo must be 1 to {MaxFramesPerVideo}, not {FramesPerVideo}.");
        }

        if (FramesPerSecond is < 0 or > 120 || double.IsNaN(FramesPerSecond))
        {
            problems.Add($"{SectionName}:FramesPerSecond must be 0 (off) to 120, not {FramesPerSecond}.");
        }

        if (MaxFrames is < 1 or > MaxFramesPerVideo)
        {
            problems.Add($"{SectionName}:MaxFrames must be 1 to {MaxFramesPerVideo}, not {MaxFrames}.");
        }

        if (FramesPerChunk is < 1 or > MaxFramesPerChunk)
        {
            problems.Add($"{SectionName}:FramesPerChunk must be 1 to {MaxFramesPerChunk}, not {FramesPerChunk}.");
        }

        if (Aggregation is not (TrimmedMeanAggregator.StrategyName or MeanAggregator.StrategyName
            or ConfidentAggregator.StrategyName))
        {
            problems.Add($"{SectionName}:Aggregation must be trimmed-mean, mean or confident, not '{Aggregation}'.");
        }

        if (Threshold is <= 0 or >= 1 || double.IsNaN(Threshold))
        {
            problems.Add($"{SectionName}:Threshold must be between 0 and 1, not {Threshold}.");
        }

        if (MaxConcurrentActivities < 1)
        {
            problems.Add($"{SectionName}:MaxConcurrentActivities must be at least 1, not {MaxConcurrentActivities}.");
        }

        return problems;
    }

    /// <summary>The settings a new scan is started with.</summary>
    public ScanSettings ToSettings(WebhookOptions webhooks) =>
        new(
            FramesPerVideo,
            FramesPerChunk,
            Aggregation,
            Threshold,
            webhooks.MaxAttempts,
            FramesPerSecond,
            MaxFrames,
            Evidence);

    /// <summary>The sampling these options plan with.</summary>
    public FrameSampling Sampling => new(FramesPerVideo, FramesPerSecond, MaxFrames);
}
