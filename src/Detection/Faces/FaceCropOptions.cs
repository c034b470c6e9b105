namespace DeepScan.Detection.Faces;

/// <summary>How face crops are cut from a frame for the classifiers.</summary>
/// <param name="MarginFraction">Context added on every side of the detector box, as a fraction of the box's longer
/// side; 0.3 makes the square 1.6 box-sides wide. Measured on the shared face sets, MesoNet's training crops are
/// about 1.3 BlazeFace (1.25 YuNet) box-sides wide and the DFDC MTCNN crops 2.0 (1.6): 1.6 sits between MesoNet's
/// training framing and the DFDC crops', near the DFDC winner's padding by a third, and keeps the hairline and jaw where
/// face-swap blending seams show.</param>
/// <param name="MinFaceSize">Faces whose longer box side is below this many frame pixels are not cropped: too small
/// to carry manipulation artefacts (see <see cref="FaceCropper.IsLargeEnough"/>). The smallest real faces in the
/// shared videos are about 50 px; UltraFace's false detections there are about 30.</param>
public sealed record FaceCropOptions(float MarginFraction = 0.3f, int MinFaceSize = 40)
{
    public static FaceCropOptions Default { get; } = new();
}
