using DeepScan.Detection.Imaging;

namespace DeepScan.Detection.Faces;

/// <summary>A square face crop and where it came from.</summary>
/// <param name="Region">The square cut from the frame, in frame pixels; it may reach past the frame's edges, where
/// <paramref name="Image"/> is zero-filled.</param>
public sealed record FaceCrop(DetectedFace Face, FaceBox Region, RgbImage Image);
