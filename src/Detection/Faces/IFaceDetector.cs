using DeepScan.Detection.Imaging;

namespace DeepScan.Detection.Faces;

/// <summary>A face found by a detector: its box in the input frame's pixels and the detector's confidence.</summary>
public sealed record DetectedFace(FaceBox Box, float Score);

/// <summary>Finds every face in a frame. Implementations own a native session and are not thread-safe.</summary>
public interface IFaceDetector : IDisposable
{
    /// <summary>The detector's name as written in the model manifest (blazeface, yunet, ultraface).</summary>
    string Name { get; }

    /// <summary>Where the detector runs: <c>cpu</c> or <c>cuda</c>.</summary>
    string Device { get; }

    /// <summary>Faces above the score threshold after NMS, boxes in <paramref name="frame"/> pixel coordinates.</summary>
    IReadOnlyList<DetectedFace> Detect(RgbImage frame);
}
