using System.Runtime.CompilerServices;

namespace DeepScan.Detection.Video;

/// <summary>
/// One ffmpeg process per chunk (<see cref="FrameDecoder"/>): chunks share nothing, so each can run on its own
/// machine. The default, and what the Functions host uses.
/// </summary>
public sealed class ChunkFrameSource(FrameDecoder decoder) : IFrameSource
{
    public async IAsyncEnumerable<DecodedFrame> ReadAsync(
        FrameChunk chunk, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Dequeued one by one, so a frame is released as soon as the caller is done with it.
        var frames = new Queue<DecodedFrame>(await decoder.DecodeAsync(chunk, cancellationToken).ConfigureAwait(false));
        while (frames.TryDequeue(out var frame))
        {
            yield return frame;
        }
    }
}
