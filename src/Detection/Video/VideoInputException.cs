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
public sealed class VideoInputException(VideoInputError reason, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public VideoInputError Reason { get; } = reason;
}
