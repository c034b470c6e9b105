namespace DeepScan.Detection.Video;

/// <summary>
/// An ffmpeg started on a video before its plan was known (<see cref="FrameDecoder.Prestart"/>), waiting on stdin for
/// the frames to select. Whoever decodes the video's first run of targets takes it, if it was started the way that
/// run needs; otherwise, and if nobody does, disposing it kills it.
/// </summary>
public sealed class PrestartedDecode : IDisposable
{
    private StartedProcess? _process;

    internal PrestartedDecode(VideoRef video, bool referenceFramesOnly, StartedProcess process)
    {
        Video = video;
        ReferenceFramesOnly = referenceFramesOnly;
        _process = process;
        ProcessId = process.Id;
    }

    public VideoRef Video { get; }

    /// <summary>Whether it skips frames nothing is predicted from (<c>-skip_frame noref</c>).</summary>
    public bool ReferenceFramesOnly { get; }

    /// <summary>The ffmpeg's process id (for tests).</summary>
    internal int ProcessId { get; }

    /// <summary>Whether a decode took the ffmpeg (for tests).</summary>
    internal bool Taken { get; private set; }

    /// <summary>The waiting ffmpeg, once, for a decode of this video from frame 0 that skips the same frames; null
    /// for any other decode, or once taken.</summary>
    internal StartedProcess? Take(VideoRef video, bool fromFrameZero, bool referenceFramesOnly)
    {
        if (!fromFrameZero || referenceFramesOnly != ReferenceFramesOnly || video.Location != Video.Location)
        {
            return null;
        }

        var process = Interlocked.Exchange(ref _process, null);
        Taken |= process is not null;
        return process;
    }

    public void Dispose() => Interlocked.Exchange(ref _process, null)?.Dispose();
}
