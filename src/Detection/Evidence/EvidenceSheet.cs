using System.Globalization;
using DeepScan.Detection.Imaging;
using OpenCvSharp;

namespace DeepScan.Detection.Evidence;

/// <summary>
/// A contact sheet a person can check a verdict against: the verdict on top, then a tile per face the verdict lists,
/// with its frame time and fake probability, framed in its score's colour (green real, red fake). A verdict without
/// faces gets one row saying why (no face found, or the scan's error). Rendered as PNG with OpenCV. A verdict with more
/// than <see cref="MaxTiles"/> faces (a crowd, or thousands of frames sampled) shows that many (<see cref="FacesShown"/>).
/// </summary>
public static class EvidenceSheet
{
    public const int TileWidth = 120, TileHeight = FaceThumbnail.MaxSide + 36, HeaderHeight = 48, MaxColumns = 8;

    /// <summary>The most faces a sheet shows: 16 rows, about 2,160 x 960 pixels. Without a cap a scan of 1,024 frames
    /// of a crowd would ask for a picture of several gigabytes.</summary>
    public const int MaxTiles = 128;

    private const int MinWidth = 480, Border = 4;

    /// <summary>A thumbnail this far (pixels, any edge) from the verdict's box is of another face, or from another
    /// scoring attempt of the chunk, and is not shown.</summary>
    private const float BoxTolerance = 1f;

    private static readonly Scalar Placeholder = new(220, 220, 220), NoScore = new(128, 128, 128);

    /// <summary>The sheet's size in pixels for a verdict listing <paramref name="faces"/> faces.</summary>
    public static (int Width, int Height) SizeFor(int faces)
    {
        faces = Math.Min(faces, MaxTiles);
        var columns = Math.Clamp(faces, 1, MaxColumns);
        var rows = Math.Max(1, (faces + MaxColumns - 1) / MaxColumns);
        return (Math.Max(MinWidth, columns * TileWidth), HeaderHeight + rows * TileHeight);
    }

    /// <summary>The sheet's size for <paramref name="verdict"/>: one tile per face it lists.</summary>
    public static (int Width, int Height) SizeFor(VerdictDocument verdict) =>
        SizeFor(verdict.Frames.Sum(f => f.Faces.Length));

    /// <summary>The faces the sheet shows, as (frame index, face index): every face the verdict lists, or past
    /// <see cref="MaxTiles"/> the half of them that score most fake (what a FAKE verdict rests on) and the other half
    /// evenly spaced over the rest of the video (what a REAL one rests on).</summary>
    public static IReadOnlySet<(int Frame, int Face)> FacesShown(VerdictDocument verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var faces = AllFaces(verdict).Select(f => (f.Frame.Index, f.FaceIndex, f.Face.FakeProbability)).ToList();
        if (faces.Count <= MaxTiles)
        {
            return faces.Select(f => (f.Index, f.FaceIndex)).ToHashSet();
        }

        var mostFake = Enumerable.Range(0, faces.Count)
            .OrderByDescending(i => double.IsNaN(faces[i].FakeProbability) ? -1 : faces[i].FakeProbability)
            .ThenBy(i => i)
            .Take(MaxTiles / 2)
            .ToHashSet();
        var rest = Enumerable.Range(0, faces.Count).Where(i => !mostFake.Contains(i)).ToList();
        var spreadCount = MaxTiles - mostFake.Count;
        var spread = Enumerable.Range(0, spreadCount).Select(k => rest[(int)((k + 0.5) * rest.Count / spreadCount)]);
        return mostFake.Concat(spread).Select(i => (faces[i].Index, faces[i].FaceIndex)).ToHashSet();
    }

    /// <summary>Renders the sheet: the faces <see cref="FacesShown"/> picks, in frame order, each with its thumbnail
    /// when one of <paramref name="thumbnails"/> matches it (a grey "no image" tile otherwise); other thumbnails are
    /// ignored.</summary>
    public static byte[] RenderPng(VerdictDocument verdict, IEnumerable<FaceThumbnail> thumbnails)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var shown = FacesShown(verdict);
        var images = thumbnails.Where(t => shown.Contains((t.FrameIndex, t.FaceIndex)))
            .ToLookup(t => (t.FrameIndex, t.FaceIndex));
        var listed = AllFaces(verdict).Count();
        var faces = AllFaces(verdict)
            .Where(f => shown.Contains((f.Frame.Index, f.FaceIndex)))
            .Select(f => (f.Frame, f.Face,
                Image: images[(f.Frame.Index, f.FaceIndex)].FirstOrDefault(t => SameBox(t.Box, f.Face.Box))?.Image))
            .ToList();
        var (width, height) = SizeFor(faces.Count);
        using var sheet = new Mat(height, width, MatType.CV_8UC3, Scalar.White);
        Header(sheet, verdict, faces.Count < listed ? $"  ({faces.Count} of {listed} faces)" : "");
        if (faces.Count == 0)
        {
            Message(sheet, EmptyReason(verdict));
        }

        for (var i = 0; i < faces.Count; i++)
        {
            var (frame, face, image) = faces[i];
            var origin = new Point(i % MaxColumns * TileWidth, HeaderHeight + i / MaxColumns * TileHeight);
            Tile(sheet, origin, image, frame.TimeSeconds, face.FakeProbability);
        }

        return sheet.ImEncode(".png");
    }

    private static IEnumerable<(FrameReport Frame, FaceReport Face, int FaceIndex)> AllFaces(VerdictDocument verdict) =>
        verdict.Frames.OrderBy(f => f.Index).SelectMany(frame => frame.Faces.Select((face, i) => (frame, face, i)));

    private static bool SameBox(FaceBox a, FaceBox b) =>
        Math.Abs(a.X - b.X) <= BoxTolerance && Math.Abs(a.Y - b.Y) <= BoxTolerance
        && Math.Abs(a.Width - b.Width) <= BoxTolerance && Math.Abs(a.Height - b.Height) <= BoxTolerance;

    private static string EmptyReason(VerdictDocument verdict) => verdict.Verdict switch
    {
        VerdictState.Error => verdict.Error ?? "The scan failed.",
        _ => $"No face was found in the {verdict.Aggregation.FramesSampled} sampled frames.",
    };

    private static void Header(Mat sheet, VerdictDocument verdict, string note)
    {
        var probability = verdict.FakeProbability;
        var state = verdict.Verdict switch
        {
            VerdictState.NoFaces => "NO FACES",
            var other => other.ToString().ToUpperInvariant(),
        };
        var lead = probability is { } p ? $"{state}  P(fake) {Format(p)}  " : $"{state}  ";
        sheet[new Rect(0, 0, sheet.Width, HeaderHeight)].SetTo(probability is { } q ? ScoreColour(q) : NoScore);
        var (text, scale) = FitHeader(lead, verdict.Source.Name, note, sheet.Width - 20);
        Cv2.PutText(
            sheet, text, new Point(10, 32), HersheyFonts.HersheySimplex, scale, Scalar.Black, 2, LineTypes.AntiAlias);
    }

    /// <summary>The header line within <paramref name="width"/> pixels: smaller type first, down to about two thirds,
    /// then the video's name shortened in its middle (an upload's name starts with a 32-digit folder), so the verdict
    /// and the end of the name always show.</summary>
    internal static (string Text, double Scale) FitHeader(string lead, string name, string note, int width)
    {
        static int Width(string text, double scale) =>
            Cv2.GetTextSize(text, HersheyFonts.HersheySimplex, scale, 2, out _).Width;

        foreach (var scale in new[] { 0.8, 0.7, 0.6, 0.55 })
        {
            if (Width(lead + name + note, scale) <= width)
            {
                return (lead + name + note, scale);
            }
        }

        for (var keep = name.Length - 1; keep > 4; keep--)
        {
            var shortened = name[..(keep / 2)] + "..." + name[^(keep - keep / 2)..];
            if (Width(lead + shortened + note, 0.55) <= width)
            {
                return (lead + shortened + note, 0.55);
            }
        }

        return (lead + note, 0.55);
    }

    /// <summary>Writes <paramref name="text"/> word-wrapped into the first row, below the header.</summary>
    private static void Message(Mat sheet, string text)
    {
        const double scale = 0.55;
        const int lineHeight = 22, margin = 10;
        var y = HeaderHeight + 28;
        foreach (var line in Wrap(text, sheet.Width - 2 * margin, scale).Take((TileHeight - 12) / lineHeight))
        {
            Cv2.PutText(sheet, line, new Point(margin, y), HersheyFonts.HersheySimplex, scale, Scalar.Black, 1,
                LineTypes.AntiAlias);
            y += lineHeight;
        }
    }

    private static IEnumerable<string> Wrap(string text, int width, double scale)
    {
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var longer = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && Cv2.GetTextSize(longer, HersheyFonts.HersheySimplex, scale, 1, out _).Width > width)
            {
                yield return line;
                longer = word;
            }

            line = longer;
        }

        if (line.Length > 0)
        {
            yield return line;
        }
    }

    private static void Tile(Mat sheet, Point origin, RgbImage? face, double seconds, double probability)
    {
        var box = FaceThumbnail.MaxSide + 2 * Border;
        var left = origin.X + (TileWidth - box) / 2;
        var colour = double.IsNaN(probability) ? NoScore : ScoreColour(probability);
        sheet[new Rect(left, origin.Y + 4, box, box)].SetTo(colour);
        if (face is null)
        {
            // The face was scored but its thumbnail is missing (kept by another attempt, say): say so, show no pixels.
            sheet[new Rect(left + Border, origin.Y + 4 + Border, FaceThumbnail.MaxSide, FaceThumbnail.MaxSide)]
                .SetTo(Placeholder);
            Cv2.PutText(sheet, "no image", new Point(left + 18, origin.Y + 4 + box / 2 + 4),
                HersheyFonts.HersheySimplex, 0.42, Scalar.Black, 1, LineTypes.AntiAlias);
        }
        else
        {
            using var bgr = OpenCvImages.ToBgr(face);
            var x = left + Border + (FaceThumbnail.MaxSide - face.Width) / 2;
            var y = origin.Y + 4 + Border + (FaceThumbnail.MaxSide - face.Height) / 2;
            bgr.CopyTo(sheet[new Rect(x, y, face.Width, face.Height)]);
        }

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

    private static string Format(double p) =>
        double.IsNaN(p) ? "n/a" : p.ToString("0.00", CultureInfo.InvariantCulture);
}
