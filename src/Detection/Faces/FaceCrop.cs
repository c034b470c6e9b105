using DeepScan.Detection.Imaging;

namespace DeepScan.Detection.Faces;

/// <summary>A square face crop and where it came from.</summary>
/// <param name="Region">The square cut from the frame, in frame pixels; it lies inside the frame's picture area.</param>
public sealed record FaceCrop(DetectedFace Face, FaceBox Region, RgbImage Image);
