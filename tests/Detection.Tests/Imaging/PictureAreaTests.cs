using DeepScan.Detection.Imaging;

namespace DeepScan.Detection.Tests.Imaging;

public sealed class PictureAreaTests
{
    [Fact]
    public void FrameWithoutBarsIsAllPicture()
    {
        var frame = Filled(64, 48, 0, 0, 64, 48, value: 90);

        Assert.Equal(new PictureArea(0, 0, 64, 48), PictureArea.Find(frame));
    }

    [Fact]
    public void LetterboxAndPillarboxBarsAreTrimmed()
    {
        var frame = Filled(160, 90, 20, 10, 120, 70, value: 120);

        Assert.Equal(new PictureArea(20, 10, 120, 70), PictureArea.Find(frame));
    }

    [Fact]
    public void SmallPictureOnABlackCanvasIsFound()
    {
        // A face-crop clip: a 30x40 face rectangle somewhere on a 100x100 black canvas, with compression noise on the
        // black below the black level.
        var frame = Filled(100, 100, 35, 25, 30, 40, value: 150);
        for (var i = 0; i < frame.Pixels.Length; i += 7)
        {
            frame.Pixels[i] = Math.Max(frame.Pixels[i], (byte)PictureArea.BlackLevel);
        }

        Assert.Equal(new PictureArea(35, 25, 30, 40), PictureArea.Find(frame));
    }

    [Fact]
    public void DarkButTexturedPictureIsNotABar()
    {
        // A night scene: most pixels just above black, no line of it uniform black.
        var frame = new RgbImage(80, 60);
        var random = new Random(3);
        for (var i = 0; i < frame.Pixels.Length; i++)
        {
            frame.Pixels[i] = (byte)random.Next(0, 60);
        }

        Assert.Equal(new PictureArea(0, 0, 80, 60), PictureArea.Find(frame));
    }

    [Fact]
    public void AFewBrightPixelsInABarDoNotEndIt()
    {
        var frame = Filled(200, 100, 0, 20, 200, 60, value: 100);
        frame.Row(5)[30] = 255;                                         // one stray pixel in the top bar

        Assert.Equal(new PictureArea(0, 20, 200, 60), PictureArea.Find(frame));
    }

    [Fact]
    public void AStrayPixelInASideBarDoesNotEndIt()
    {
        var frame = Filled(200, 150, 50, 0, 100, 150, value: 100);
        frame.Row(70)[10 * 3] = 255;                                    // one stray pixel in the left bar

        Assert.Equal(new PictureArea(50, 0, 100, 150), PictureArea.Find(frame));
    }

    [Fact]
    public void BlackFrameIsAllPicture()
    {
        Assert.Equal(new PictureArea(0, 0, 32, 16), PictureArea.Find(new RgbImage(32, 16)));
    }

    private static RgbImage Filled(int width, int height, int left, int top, int w, int h, byte value)
    {
        var image = new RgbImage(width, height);
        for (var y = top; y < top + h; y++)
        {
            image.Row(y)[(left * 3)..((left + w) * 3)].Fill(value);
        }

        return image;
    }
}
