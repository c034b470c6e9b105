namespace DeepScan.Detection.Faces;

/// <summary>How face crops are cut from a frame for the classifiers.</summary>
/// <param name="MarginFraction">Context added on every side of the detector box, as a fraction of the box's longer
/// side. The default of 0.3 makes the square 1.6 box-sides wide: close to the DFDC winner's padding by a third,
/// and it keeps hairline, ears and jaw line, where blending seams of face swaps show.</param>
/// <param name="MinFaceSize">Faces whose longer box side is below this many frame pixels are not cropped.</param>
public sealed record FaceCropOptions(float MarginFraction = 0.3f, int MinFaceSize = 40)
{
    public static FaceCropOptions Default { get; } = new();
}
