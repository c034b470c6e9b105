using System.Globalization;
using DeepScan.Detection.Imaging;
using OpenCvSharp;

namespace DeepScan.Detection.Evidence;

/// <summary>
/// A contact sheet a person can check a verdict against: the verdict on top, then each scored face with its frame
/// time and fake probability, framed in its score's colour (green real, red fake). Rendered as PNG with OpenCV.
/// </summary>
public static class EvidenceSheet
{
    public const int TileWidth = 120, TileHeight = FaceThumbnail.MaxSide + 36, HeaderHeight = 48, MaxColumns = 8;
    private const int MinWidth = 480, Border = 4;

    /// <summary>The sheet's size in pixels for <paramref name="faces"/> tiles.</summary>
    public static (int Width, int Height) SizeFor(int faces)
    {
        var columns = Math.Clamp(faces, 1, MaxColumns);
        var rows = Math.Max(1, (faces + MaxColumns - 1) / MaxColumns);
        return (Math.Max(MinWidth, columns * TileWidth), HeaderHeight + rows * TileHeight);
    }

    /// <summary>Renders the sheet; faces the verdict does not list are left out, the rest in frame order.</summary>
    public static byte[] RenderPng(VerdictDocument verdict, IEnumerable<FaceThumbnail> thumbnails)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var faces = thumbnails
            .Select(t => (Thumbnail: t, Frame: verdict.Frames.FirstOrDefault(f => f.Index == t.FrameIndex)))
            .Where(x => x.Frame is not null && x.Thumbnail.FaceIndex < x.Frame.Faces.Length)
            .OrderBy(x => x.Frame!.Index).ThenBy(x => x.Thumbnail.FaceIndex)
            .ToList();
        var (width, height) = SizeFor(faces.Count);
        using var sheet = new Mat(height, width, MatType.CV_8UC3, Scalar.White);
        Header(sheet, verdict);
        for (var i = 0; i < faces.Count; i++)
        {
            var (thumbnail, frame) = faces[i];
            var origin = new Point(i % MaxColumns * TileWidth, HeaderHeight + i / MaxColumns * TileHeight);
            Tile(sheet, origin, thumbnail.Image, frame!.TimeSeconds, frame.Faces[thumbnail.FaceIndex].FakeProbability);
        }

        return sheet.ImEncode(".png");
    }

    private static void Header(Mat sheet, VerdictDocument verdict)
    {
        var probability = verdict.FakeProbability;
        var text = probability is { } p
            ? $"{verdict.Verdict.ToString().ToUpperInvariant()}  P(fake) {Format(p)}  {verdict.Source.Name}"
            : $"{verdict.Verdict.ToString().ToUpperInvariant()}  {verdict.Error ?? verdict.Source.Name}";
        sheet[new Rect(0, 0, sheet.Width, HeaderHeight)].SetTo(probability is { } q ? ScoreColour(q) : Scalar.Gray);
        Cv2.PutText(sheet, text, new Point(10, 32), HersheyFonts.HersheySimplex, 0.8, Scalar.White, 2, LineTypes.AntiAlias);
    }

    private static void Tile(Mat sheet, Point origin, RgbImage face, double seconds, double probability)
    {
        var colour = ScoreColour(probability);
        var box = FaceThumbnail.MaxSide + 2 * Border;
        var left = origin.X + (TileWidth - box) / 2;
        sheet[new Rect(left, origin.Y + 4, box, box)].SetTo(colour);
        using var bgr = OpenCvImages.ToBgr(face);
        var x = left + Border + (FaceThumbnail.MaxSide - face.Width) / 2;
        var y = origin.Y + 4 + Border + (FaceThumbnail.MaxSide - face.Height) / 2;
        bgr.CopyTo(sheet[new Rect(x, y, face.Width, face.Height)]);
        Cv2.PutText(sheet, $"{seconds.ToString("0.00", CultureInfo.InvariantCulture)}s p={Format(probability)}",
            new Point(origin.X + 6, origin.Y + TileHeight - 8), HersheyFonts.HersheySimplex, 0.42, Scalar.Black, 1,
            LineTypes.AntiAlias);
    }

    /// <summary>Green at 0, yellow at 0.5, red at 1 (BGR).</summary>
    private static Scalar ScoreColour(double probability)
    {
        var p = Math.Clamp(probability, 0, 1);
        return new Scalar(0, 255 * Math.Min(1, 2 * (1 - p)), 255 * Math.Min(1, 2 * p));
    }

    private static string Format(double p) => p.ToString("0.00", CultureInfo.InvariantCulture);
}
