namespace DeepScan.Detection.Imaging;

/// <summary>
/// An image resized isotropically into a fixed canvas and zero-padded around the centre, with the mapping back to
/// source pixels. Used both for detector inputs and for classifier inputs (the DFDC winner's isotropic resize + pad).
/// </summary>
/// <param name="Scale">Canvas pixels per source pixel.</param>
/// <param name="OffsetX">Canvas x where the source image's left edge lands.</param>
/// <param name="OffsetY">Canvas y where the source image's top edge lands.</param>
public sealed record Letterbox(RgbImage Canvas, float Scale, float OffsetX, float OffsetY)
{
    /// <summary>Fits <paramref name="source"/> into a <paramref name="width"/> × <paramref name="height"/> canvas.</summary>
    public static Letterbox Fit(RgbImage source, int width, int height)
    {
        var scale = Math.Min((float)width / source.Width, (float)height / source.Height);
        var fittedWidth = Math.Clamp((int)MathF.Round(source.Width * scale), 1, width);
        var fittedHeight = Math.Clamp((int)MathF.Round(source.Height * scale), 1, height);
        var fitted = ImageResizer.Resize(source, fittedWidth, fittedHeight);
        if (fittedWidth == width && fittedHeight == height)
        {
            return new Letterbox(fitted, scale, 0, 0);
        }

        var canvas = new RgbImage(width, height);
        var offsetX = (width - fittedWidth) / 2;
        var offsetY = (height - fittedHeight) / 2;
        for (var y = 0; y < fittedHeight; y++)
        {
            fitted.Row(y).CopyTo(canvas.Row(y + offsetY).Slice(offsetX * 3));
        }

        return new Letterbox(canvas, scale, offsetX, offsetY);
    }

    /// <summary>Maps a box in canvas pixels back to source pixels.</summary>
    public FaceBox ToSource(FaceBox canvasBox) => new(
        (canvasBox.X - OffsetX) / Scale,
        (canvasBox.Y - OffsetY) / Scale,
        canvasBox.Width / Scale,
        canvasBox.Height / Scale);
}
