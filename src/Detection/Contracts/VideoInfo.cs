namespace DeepScan.Detection;

/// <summary>What ffprobe reports about a video's first video stream.</summary>
/// <param name="Width">Display width, after applying <paramref name="Rotation"/>.</param>
/// <param name="Height">Display height, after applying <paramref name="Rotation"/>.</param>
/// <param name="Rotation">Clockwise display rotation in degrees (0, 90, 180 or 270) from stream side data.</param>
/// <param name="FrameCount">Frames in the stream: the container's count, else duration × fps.</param>
public sealed record VideoInfo(
    double DurationSeconds,
    double Fps,
    int FrameCount,
    int Width,
    int Height,
    int Rotation,
    string Codec);
