namespace DeepScan.Detection;

/// <summary>
/// The unit of fan-out: one video and the frames to decode, detect and score from it.
/// Small by design: it travels through Durable Functions history.
/// </summary>
/// <param name="Index">The chunk's position in its plan, from 0.</param>
/// <param name="FrameIndices">Ascending zero-based target frame indices (time × fps from the first frame). Each is
/// decoded as the first frame the decoder gives from the target on, less a tolerance (see
/// <see cref="Video.FrameSelection"/>): exactly the target unless <paramref name="ReferenceFramesOnly"/>.</param>
/// <param name="ReferenceFramesOnly">Decode only the frames that other frames are predicted from (ffmpeg's
/// <c>-skip_frame noref</c>), which roughly halves the decoding of a stream with B-frames; a target that is not one
/// of them moves to the nearest one, usually the next frame. The planner sets it when targets are far apart.</param>
/// <param name="Seek">Where decoding may start for each target instead of the first frame; null decodes from the
/// first frame (codecs other than H.264 and HEVC, streams whose start could not be checked, plans from before
/// seeking).</param>
public sealed record FrameChunk(
    VideoRef Video,
    VideoInfo Info,
    int Index,
    int[] FrameIndices,
    bool ReferenceFramesOnly = false,
    ChunkSeek? Seek = null);
