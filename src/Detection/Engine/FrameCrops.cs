using DeepScan.Detection.Faces;
using DeepScan.Detection.Imaging;

namespace DeepScan.Detection.Engine;

/// <summary>One decoded frame's faces, cropped as the ensemble members receive them.</summary>
/// <param name="Index">The frame's true index in the video.</param>
/// <param name="Crops">Every face large enough to classify, cropped with the engine's margin, in detector order.</param>
/// <param name="MemberCrops">Per member (in <see cref="DetectionEngine.MemberNames"/> order), the crops of the same
/// faces that member scores: <paramref name="Crops"/>' images, or its own framing when its manifest entry sets a
/// crop margin.</param>
/// <param name="Timings">This frame's decode wait and detection time (classification is not part of it).</param>
public sealed record FrameCrops(
    int Index,
    double TimeSeconds,
    IReadOnlyList<FaceCrop> Crops,
    IReadOnlyList<RgbImage>[] MemberCrops,
    StageTimings Timings);
