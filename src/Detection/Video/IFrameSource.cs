namespace DeepScan.Detection.Video;

/// <summary>Where the engine gets a chunk's decoded frames.</summary>
public interface IFrameSource
{
    /// <summary>
    /// The chunk's frames in index order, each as soon as it is decoded. A video that ends early yields the frames it
    /// has. The caller owns each frame it receives; the source keeps no reference to it.
    /// </summary>
    /// <exception cref="VideoInputException">No frame of the chunk could be decoded.</exception>
    IAsyncEnumerable<DecodedFrame> ReadAsync(FrameChunk chunk, CancellationToken cancellationToken);
}
