namespace DeepScan.Detection;

/// <summary>
/// Where decoding may start for each target of a <see cref="FrameChunk"/> instead of the first frame: a frame that
/// resets the decoder (an H.264 IDR, an HEVC IRAP), found without decoding (<see cref="Video.KeyFrameScanner"/>).
/// Small by design: it travels through Durable Functions history with the chunk.
/// </summary>
/// <param name="From">Per target, in <see cref="FrameChunk.FrameIndices"/> order: the index of the last such frame
/// early enough that starting there yields exactly the frame a decode from the first frame gives (0: the start).
/// </param>
/// <param name="OriginSeconds">The container timestamp of frame 0, in seconds: frame indices count from it.</param>
/// <param name="X264Build">The x264 build the stream's first frame names, when it does: ffmpeg needs it to decode
/// old x264 4:4:4 streams (FaceForensics++) correctly when it starts past that first frame.</param>
public sealed record ChunkSeek(int[] From, double OriginSeconds, int? X264Build = null);
