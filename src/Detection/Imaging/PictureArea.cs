namespace DeepScan.Detection.Imaging;

/// <summary>
/// The part of a frame that is picture, inside black bars: letterbox or pillarbox bands, or a small picture pasted on
/// a black canvas (as in pre-cropped face clips).
/// </summary>
public readonly record struct PictureArea(int Left, int Top, int Width, int Height)
{
    /// <summary>A pixel brighter than this in any channel is picture. Video black decodes to 0 and its compression
    /// noise stays in single digits; the dark parts of real scenes have texture above it.</summary>
    public const int BlackLevel = 24;

    /// <summary>The whole of <paramref name="image"/>.</summary>
    public static PictureArea All(RgbImage image) => new(0, 0, image.Width, image.Height);

    /// <summary>
    /// The frame less the black rows and columns along its edges. A row or column is bar when under 1% of its pixels
    /// are picture. It scans inwards from each edge and stops at the first picture line, so a frame without bars costs
    /// four lines. A frame black throughout is all picture: there is nothing to trim it to.
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

        int left = 0, right = image.Width - 1;
        // Rows and columns count picture pixels against their own length, so thin picture can pass one test and not
        // the other; the column scans stop at one column rather than cross.
        while (left < right && IsBarColumn(image, left, top, bottom))
        {
            left++;
        }

        while (right > left && IsBarColumn(image, right, top, bottom))
        {
            right--;
        }

        return new PictureArea(left, top, right - left + 1, bottom - top + 1);
    }

    private static bool IsBarColumn(RgbImage image, int x, int top, int bottom)
    {
        var picture = 0;
        var allowed = (bottom - top + 1) / 100;
        for (var y = top; y <= bottom; y++)
        {
            if (IsPicture(image.Pixels, (y * image.Width + x) * 3) && ++picture > allowed)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBarRow(RgbImage image, int y)
    {
        var start = y * image.Width * 3;
        var picture = 0;
        var allowed = image.Width / 100;
        for (var i = start; i < start + image.Width * 3; i += 3)
        {
            if (IsPicture(image.Pixels, i) && ++picture > allowed)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPicture(byte[] pixels, int i) =>
        pixels[i] > BlackLevel || pixels[i + 1] > BlackLevel || pixels[i + 2] > BlackLevel;
}
