using DeepScan.Workflow.Orchestration;

namespace DeepScan.Workflow.Scans;

/// <summary>How patiently each kind of step is retried before the workflow treats it as failed.</summary>
public static class ScanRetryPolicies
{
    /// <summary>Store reads and writes: brief outages of Blob Storage or the disk.</summary>
    public static ScanTaskOptions Store { get; } =
        new(new ScanRetryPolicy(5, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromSeconds(30)));

    /// <summary>Probing and planning: transient read failures (an unusable video is an answer, not one).</summary>
    public static ScanTaskOptions Plan { get; } =
        new(new ScanRetryPolicy(3, TimeSpan.FromSeconds(5), 2.0, TimeSpan.FromSeconds(30)));

    /// <summary>Scoring one chunk: decode or inference hiccups; a chunk still failing is recorded, not fatal. A
    /// video that ffmpeg read to its end without a frame for the chunk (truncated) gives none on a retry either: that
    /// is not retried, where it used to cost a truncated upload 15 s of waiting. A decode that failed (a network read
    /// of a blob, say) is.</summary>
    public static ScanTaskOptions ScoreChunk { get; } =
        new(new ScanRetryPolicy(3, TimeSpan.FromSeconds(5), 2.0, TimeSpan.FromMinutes(1))
        {
            FinalErrors = [typeof(Detection.Video.TruncatedVideoException).FullName!],
        });

    /// <summary>Publishing the completion event.</summary>
    public static ScanTaskOptions PublishEvent { get; } =
        new(new ScanRetryPolicy(3, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromSeconds(30)));

    /// <summary>Webhook deliveries: 5 s, 20 s, 80 s, … between attempts, at most an hour apart.</summary>
    public static ScanRetryPolicy Webhook(int maxAttempts) =>
        new(maxAttempts, TimeSpan.FromSeconds(5), 4.0, TimeSpan.FromHours(1));
}
