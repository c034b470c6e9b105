using System.Text.Json.Serialization;

namespace DeepScan.Detection;

/// <summary>Where a video's bytes are: a local file path or an http(s) URL that ffmpeg can read.</summary>
/// <param name="Location">An absolute or relative file path, or an http(s) URL (a blob URL with a SAS, say).</param>
/// <param name="Name">A display name for reports; the file name of <paramref name="Location"/> when omitted.</param>
public sealed record VideoRef(string Location, string? Name = null)
{
    /// <summary>The name shown to people and stored in the verdict.</summary>
    [JsonIgnore]
    public string DisplayName => Name ?? (Uri.TryCreate(Location, UriKind.Absolute, out var uri) && !uri.IsFile
        ? Path.GetFileName(uri.AbsolutePath)
        : Path.GetFileName(Location));

    /// <summary>True when the video is reached over http(s) rather than the local file system.</summary>
    [JsonIgnore]
    public bool IsRemote => Location.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || Location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
