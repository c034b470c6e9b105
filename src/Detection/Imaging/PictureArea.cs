namespace DeepScan.Detection.Imaging;

/// <summary>
/// The part of a frame that is picture, inside black bars: letterbox or pillarbox bands, or a small picture pasted on
/// a black canvas (as in pre-cropped face clips).
/// </summary>
public readonly record struct PictureArea(int Left, int Top, int Width, int Height)
{
    /// <summary>A pixel brighter than this in any channel is picture. Video black decodes to 0 and its compression
    /// noise stays in single digits; the dark parts of real scenes have texture above it.</summary>
    public const byte BlackLevel = 24;

    private const byte Black = 0;

    /// <summary>The whole of <paramref name="image"/>.</summary>
    public static PictureArea All(RgbImage image) => new(0, 0, image.Width, image.Height);

    /// <summary>
    /// The frame less the black bands along its edges. A row is bar when under 1% of its pixels are picture; a column
    /// is side bar while under 1% of the remaining rows have picture that reaches it. Scans run inwards from each edge
    /// and stop at the first picture pixel, so a frame without bars costs a few bytes a row. A frame black throughout
    /// is all picture: there is nothing to trim it to.
    /// </summary>
    public static PictureArea Find(RgbImage image)
    {
        int top = 0, bottom = image.Height - 1;
        while (top <= bottom && IsBarRow(image, top))
        {
            top++;
        }

        if (top > bottom)
        {
            return All(image);
        }

        while (IsBarRow(image, bottom))
        {
            bottom--;
        }

        // Side bars row by row, in memory order: where each row's picture starts and ends. The left edge is where
        // more than 1% of the rows have started, so a stray bright pixel in a bar does not end it.
        var rows = bottom - top + 1;
        var starts = new int[rows];
        var ends = new int[rows];
        for (var y = top; y <= bottom; y++)
        {
            (starts[y - top], ends[y - top]) = PictureSpan(image, y);
        }

        Array.Sort(starts);
        Array.Sort(ends);
        var allowed = rows / 100;
        var left = starts[allowed];
        var right = ends[rows - 1 - allowed];
        if (right < left)
        {
            // Under 1% of the rows between the first and last picture rows hold picture (a few thin lines): keep those
            // rows, across the whole width.
            (left, right) = (0, image.Width - 1);
        }

        return new PictureArea(left, top, right - left + 1, bottom - top + 1);
    }

    /// <summary>The first and last picture pixel of row <paramref name="y"/>; (width, -1) for a black row.</summary>
    private static (int First, int Last) PictureSpan(RgbImage image, int y)
    {
        // Any byte above the black level makes its pixel picture, so a vectorised byte search finds the pixels.
        var row = image.Row(y);
        var first = row.IndexOfAnyExceptInRange(Black, BlackLevel);
        return first < 0 ? (image.Width, -1) : (first / 3, row.LastIndexOfAnyExceptInRange(Black, BlackLevel) / 3);
    }

    private static bool IsBarRow(RgbImage image, int y)
    {
        var row = image.Row(y);
        var allowed = image.Width / 100;
        var picture = 0;
        for (var at = row.IndexOfAnyExceptInRange(Black, BlackLevel); at >= 0;)
        {
            if (++picture > allowed)
            {
                return false;
            }

            var nextPixel = (at / 3 + 1) * 3;
            var found = row[nextPixel..].IndexOfAnyExceptInRange(Black, BlackLevel);
            at = found < 0 ? -1 : nextPixel + found;
        }

        return true;
    }
}
