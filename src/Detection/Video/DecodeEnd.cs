using Microsoft.Extensions.Logging;

namespace DeepScan.Detection.Video;

/// <summary>How one ffmpeg decode pass ended: how many targets got a frame, its exit code and the errors it printed.
/// </summary>
internal sealed record DecodeEnd(int Covered, int ExitCode, string Stderr)
{
    /// <summary>
    /// What a chunk <paramref name="received"/> of whose targets got a frame from this pass amounts to: none is a
    /// <see cref="VideoInputException"/> (truncated when ffmpeg ended cleanly, else a decode failure), fewer than
    /// asked for is a logged warning.
    /// </summary>
    /// <exception cref="VideoInputException">The chunk got no frame.</exception>
    public void Check(FrameChunk chunk, int received, ILogger logger)
    {
        if (received == 0)
        {
            var first = chunk.FrameIndices.Min();
            throw ExitCode == 0
                ? new TruncatedVideoException(
                    $"{chunk.Video.DisplayName}: no frame from {first} on could be decoded; the video is truncated.")
                : new VideoInputException(
                    VideoInputError.DecodeFailed,
                    $"{chunk.Video.DisplayName}: ffmpeg could not decode it ({FfmpegInput.LastError(chunk.Video, Stderr)}).");
        }

        var wanted = chunk.FrameIndices.Distinct().Count();
        if (received < wanted)
        {
            logger.LogWarning(
                "{Video}: decoded {Decoded} of {Wanted} frames of chunk {Chunk}; the stream ends early ({Reason})",
                chunk.Video.DisplayName, received, wanted, chunk.Index, FfmpegInput.LastError(chunk.Video, Stderr));
        }
    }
}
