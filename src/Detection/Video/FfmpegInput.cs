namespace DeepScan.Detection.Video;

/// <summary>How a <see cref="VideoRef"/> is named to ffmpeg and ffprobe.</summary>
internal static class FfmpegInput
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
}
