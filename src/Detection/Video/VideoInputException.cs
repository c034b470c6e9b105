namespace DeepScan.Detection.Video;

/// <summary>Why a video cannot be scanned. Each is caused by the input, so retrying does not help.</summary>
public enum VideoInputError
{
    NotFound,
    Empty,
    NotAVideo,
    NoVideoStream,
    Truncated,
    TooLong,
    TooLarge,
    DecodeFailed,
}

/// <summary>The input is not a video the engine can scan; the message is one line a user can act on.</summary>
public class VideoInputException(VideoInputError reason, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public VideoInputError Reason { get; } = reason;
}

/// <summary>ffmpeg read the video to its end cleanly and found no frame where a chunk's targets lie: the file is
/// shorter than it says. Decoding it again gives the same, unlike a decode that failed (a read over the network).
/// </summary>
public sealed class TruncatedVideoException(string message)
    : VideoInputException(VideoInputError.Truncated, message);
