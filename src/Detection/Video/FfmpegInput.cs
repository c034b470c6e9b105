using System.Text.RegularExpressions;

namespace DeepScan.Detection.Video;

/// <summary>How a <see cref="VideoRef"/> is named to ffmpeg and ffprobe.</summary>
internal static partial class FfmpegInput
{
    /// <summary>The input argument and the protocols ffmpeg may use for it.</summary>
    /// <remarks>
    /// A local path goes through the <c>file:</c> protocol, so a name starting with '-' or holding a ':' is never read
    /// as an option or a protocol; the whitelist keeps a hostile container (an HLS playlist, say) from making ffmpeg
    /// open other files or URLs.
    /// </remarks>
    public static (string Input, string Protocols) For(VideoRef video) => video.IsRemote
        ? (video.Location, "http,https,tcp,tls")
        : ("file:" + Path.GetFullPath(video.Location), "file");

    /// <summary>The arguments that name the input, for either tool.</summary>
    public static IEnumerable<string> Arguments(VideoRef video)
    {
        var (input, protocols) = For(video);
        return ["-protocol_whitelist", protocols, "-i", input];
    }

    /// <summary>
    /// The last line ffmpeg or ffprobe printed about <paramref name="video"/>, fit for an error a caller sees (the
    /// status document, a webhook, the evidence sheet): they name the input as given, which is where the server keeps
    /// its files or a blob URL whose query is a read SAS, so the input is replaced by the video's display name and any
    /// other URL loses its query.
    /// </summary>
    public static string LastError(VideoRef video, string stderr)
    {
        var line = ExternalProcess.LastLine(stderr);
        var (input, _) = For(video);
        foreach (var named in new[] { input, video.Location }.Where(n => n.Length > 0))
        {
            line = line.Replace(named, video.DisplayName, StringComparison.Ordinal);
        }

        return UrlQuery().Replace(line, "$1");
    }

    /// <summary>A URL's query and fragment, up to the ": " after which ffmpeg gives its reason.</summary>
    [GeneratedRegex(@"(https?://[^\s?#]+)[?#]\S*?(?=:\s|\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex UrlQuery();
}
