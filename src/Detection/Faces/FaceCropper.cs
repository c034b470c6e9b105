using DeepScan.Detection.Imaging;

namespace DeepScan.Detection.Faces;

/// <summary>
/// Cuts a square, face-centred crop with a margin around each detected face; the classifiers then letterbox the crop
/// into their own input size.
/// </summary>
public sealed class FaceCropper
{
    private readonly FaceCropOptions options;

    public FaceCropper(FaceCropOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.MarginFraction);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MinFaceSize);
        this.options = options;
    }

    /// <summary>
    /// Whether a face is big enough to classify. Below <see cref="FaceCropOptions.MinFaceSize"/> a face carries too
    /// few pixels for blending or texture artefacts to survive: upscaled to a classifier's input it becomes a blur
    /// that scores as noise, and most false detections are that small.
    /// </summary>
    public bool IsLargeEnough(FaceBox face) => Math.Max(face.Width, face.Height) >= options.MinFaceSize;

    /// <summary>
    /// The square to cut for a face, in frame pixels: centred on the box, its side the box's longer side plus the
    /// margin on both sides, rounded to whole pixels. It may extend past the frame.
    /// </summary>
    public FaceBox SquareRegion(FaceBox face)
    {
        var side = Math.Max(1, (int)MathF.Round(Math.Max(face.Width, face.Height) * (1 + 2 * options.MarginFraction)));
        var left = (int)MathF.Round(face.X + face.Width / 2 - side / 2f);
        var top = (int)MathF.Round(face.Y + face.Height / 2 - side / 2f);
        return new FaceBox(left, top, side, side);
    }

    /// <summary>
    /// The square crop around <paramref name="face"/>. Where the square leaves the frame the crop is black, so the
    /// face stays centred instead of sliding towards the frame's edge.
    /// </summary>
    public RgbImage Crop(RgbImage frame, FaceBox face)
    {
        var region = SquareRegion(face);
        int left = (int)region.X, top = (int)region.Y, side = (int)region.Width;
        var crop = new RgbImage(side, side);
        var fromX = Math.Max(left, 0);
        var toX = Math.Min(left + side, frame.Width);
        if (toX <= fromX)
        {
            return crop;
        }

        for (var y = Math.Max(top, 0); y < Math.Min(top + side, frame.Height); y++)
        {
            frame.Row(y)[(fromX * 3)..(toX * 3)].CopyTo(crop.Row(y - top)[((fromX - left) * 3)..]);
        }

        return crop;
    }

    /// <summary>Crops every face that <see cref="IsLargeEnough"/>, in the detector's order.</summary>
    public IReadOnlyList<FaceCrop> CropAll(RgbImage frame, IReadOnlyList<DetectedFace> faces) =>
        faces.Where(f => IsLargeEnough(f.Box))
            .Select(f => new FaceCrop(f, SquareRegion(f.Box), Crop(frame, f.Box)))
            .ToArray();
}
