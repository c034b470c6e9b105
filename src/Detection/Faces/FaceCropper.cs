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
    /// The square to cut for a face, in frame pixels: its side the box's longer side plus the margin on both sides,
    /// centred on the box where the picture allows. Near the picture's edge the square slides back inside it, and where
    /// it is wider than the picture it shrinks to the picture's shorter side, so a crop is always picture. Why: a
    /// centred square filled with black past the edge, or reaching into black bars, covers up to half of a close-up
    /// face with a black band the classifiers never saw in training (on the dev set's pre-cropped Celeb-DF clips the
    /// crops were 54-73% picture; the FF++ training crops are 99%). The reference pipelines (the DFDC winner's, SBI's)
    /// clamp to the frame as well.
    /// </summary>
    public FaceBox SquareRegion(FaceBox face, PictureArea area)
    {
        var wanted = Math.Max(1, (int)MathF.Round(Math.Max(face.Width, face.Height) * (1 + 2 * options.MarginFraction)));
        var side = Math.Min(wanted, Math.Min(area.Width, area.Height));
        var left = (int)MathF.Round(face.X + face.Width / 2 - side / 2f);
        var top = (int)MathF.Round(face.Y + face.Height / 2 - side / 2f);
        return new FaceBox(Math.Clamp(left, area.Left, area.Left + area.Width - side),
            Math.Clamp(top, area.Top, area.Top + area.Height - side), side, side);
    }

    /// <summary>The square crop around <paramref name="face"/> inside <paramref name="area"/>, as
    /// <see cref="SquareRegion"/> places it.</summary>
    public RgbImage Crop(RgbImage frame, FaceBox face, PictureArea area)
    {
        var region = SquareRegion(face, area);
        int left = (int)region.X, top = (int)region.Y, side = (int)region.Width;
        var crop = new RgbImage(side, side);
        for (var y = 0; y < side; y++)
        {
            frame.Row(top + y)[(left * 3)..((left + side) * 3)].CopyTo(crop.Row(y));
        }

        return crop;
    }

    /// <summary>Crops every face that <see cref="IsLargeEnough"/>, in the detector's order, inside the frame's
    /// picture area.</summary>
    public IReadOnlyList<FaceCrop> CropAll(RgbImage frame, IReadOnlyList<DetectedFace> faces, PictureArea area) =>
        faces.Where(f => IsLargeEnough(f.Box))
            .Select(f => new FaceCrop(f, SquareRegion(f.Box, area), Crop(frame, f.Box, area)))
            .ToArray();
}
