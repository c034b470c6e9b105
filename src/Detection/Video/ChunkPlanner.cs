namespace DeepScan.Detection.Video;

/// <summary>Splits a video's sampled frames into chunks, the unit of fan-out. Pure: same inputs, same plan.</summary>
public static class ChunkPlanner
{
    public static IReadOnlyList<FrameChunk> Plan(VideoRef video, VideoInfo info, int frames = 32, int chunkSize = 8)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        return FrameSampler.EvenlySpaced(info.FrameCount, frames)
            .Chunk(chunkSize)
            .Select((indices, i) => new FrameChunk(video, info, i, indices))
            .ToList();
    }
}
