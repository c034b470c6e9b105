using DeepScan.Detection.Imaging;

namespace DeepScan.Detection.Evidence;

/// <summary>A small copy of one scored face crop, for people to look at: never kept in Durable history.</summary>
/// <param name="FrameIndex">The frame's true index, as in <see cref="FrameScores.Index"/>.</param>
/// <param name="FaceIndex">The face's position in that frame's <see cref="FrameScores.Faces"/>.</param>
/// <param name="Box">The detector box the crop was cut around, as in <see cref="FaceScore.Box"/>: a sheet shows the
/// thumbnail only beside the face with this box, so a thumbnail from another scoring attempt is never misattributed.
/// </param>
public sealed record FaceThumbnail(int FrameIndex, int FaceIndex, FaceBox Box, RgbImage Image)
{
    /// <summary>The longest side of a thumbnail, in pixels.</summary>
    public const int MaxSide = 96;
}
