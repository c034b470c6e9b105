using DeepScan.Detection;
using DeepScan.Workflow.Storage;

namespace DeepScan.Workflow.Scans;

/// <summary>The <see cref="SourceInfo"/> a verdict reports, from what the store and the probe know.</summary>
public static class ScanSources
{
    /// <summary>A source known only by name: the upload is missing or could not be read.</summary>
    public static SourceInfo Unknown(string videoName, StoredVideo? stored = null) =>
        new(videoName, Sha256Of(stored), stored?.Bytes, 0, 0, 0, 0, 0, 0);

    public static SourceInfo From(StoredVideo stored, VideoInfo info) => new(
        stored.Name,
        Sha256Of(stored),
        stored.Bytes,
        info.DurationSeconds,
        info.Fps,
        info.Width,
        info.Height,
        info.FrameCount,
        info.Rotation);

    /// <summary>The content hash when the store versions uploads by sha256; null for an ETag.</summary>
    private static string? Sha256Of(StoredVideo? stored) =>
        stored is { Version.Length: 64 } && stored.Version.All(char.IsAsciiHexDigit)
            ? stored.Version.ToLowerInvariant()
            : null;
}
