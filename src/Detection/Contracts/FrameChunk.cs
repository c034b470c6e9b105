namespace DeepScan.Detection;

/// <summary>
/// The unit of fan-out: one video and the frame indices to decode, detect and score from it.
/// Small by design: it travels through Durable Functions history.
/// </summary>
/// <param name="Index">The chunk's position in its plan, from 0.</param>
/// <param name="FrameIndices">Ascending zero-based frame indices in the video's decode order.</param>
public sealed record FrameChunk(VideoRef Video, VideoInfo Info, int Index, int[] FrameIndices);
