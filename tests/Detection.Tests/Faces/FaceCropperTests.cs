using DeepScan.Detection.Faces;
using DeepScan.Detection.Imaging;

namespace DeepScan.Detection.Tests.Faces;

public sealed class FaceCropperTests
{
    private readonly FaceCropper cropper = new(new FaceCropOptions(MarginFraction: 0.25f, MinFaceSize: 20));

    private static readonly PictureArea Frame200x100 = new(0, 0, 200, 100);

    [Theory]
    [InlineData(100, 40, 40, 40, 90, 30, 60)]      // square box: side 40·1.5 = 60 centred on (120, 60)
    [InlineData(100, 40, 20, 40, 80, 30, 60)]      // tall box: longer side drives the square, centre (110, 60)
    [InlineData(0, 0, 40, 20, 0, 0, 60)]           // at the top-left corner: slides right and down into the frame
    [InlineData(170, 70, 40, 40, 140, 40, 60)]     // past the bottom-right corner: slides back inside
    [InlineData(60, 10, 80, 80, 50, 0, 100)]       // wider than the frame (120): shrinks to its height, stays centred across
    public void SquareIsCentredOnTheBoxWhereTheFrameAllowsAndNeverLeavesIt(float x, float y, float w, float h,
        float left, float top, float side)
    {
        var region = cropper.SquareRegion(new FaceBox(x, y, w, h), Frame200x100);

        Assert.Equal(new FaceBox(left, top, side, side), region);
    }

    [Fact]
    public void SquareStaysInsideThePictureAreaNotJustTheFrame()
    {
        var picture = new PictureArea(50, 20, 60, 70);                 // a 60x70 picture on a black canvas

        var region = cropper.SquareRegion(new FaceBox(60, 70, 40, 48), picture);   // wants 72, centre (80, 94)

        Assert.Equal(new FaceBox(50, 30, 60, 60), region);              // shrunk to the picture's width, slid up into it
    }

    [Fact]
    public void CropCopiesTheRegionsPixelsExactly()
    {
        var frame = Gradient(200, 100);

        var crop = cropper.Crop(frame, new FaceBox(100, 40, 20, 20), Frame200x100);   // square 30 at (95, 35)

        Assert.Equal((30, 30), (crop.Width, crop.Height));
        Assert.Equal(Pixel(frame, 95, 35), Pixel(crop, 0, 0));
        Assert.Equal(Pixel(frame, 124, 64), Pixel(crop, 29, 29));
    }

    [Fact]
    public void CropAtTheFrameEdgeIsAllPicture()
    {
        var frame = Gradient(200, 100);

        var crop = cropper.Crop(frame, new FaceBox(-10, 80, 40, 40), Frame200x100);   // square 60 slides to (0, 40)

        Assert.Equal((60, 60), (crop.Width, crop.Height));
        Assert.Equal(Pixel(frame, 0, 40), Pixel(crop, 0, 0));
        Assert.Equal(Pixel(frame, 59, 99), Pixel(crop, 59, 59));
        Assert.DoesNotContain(Enumerable.Range(0, 60 * 60), i => crop.Pixels[i * 3 + 2] == 0);   // no black pixel
    }

    [Fact]
    public void BoxEntirelyOutsideTheFrameIsCroppedFromTheNearestCorner()
    {
        var frame = Gradient(50, 50);

        // The square of 30 slides back to (20, 20).
        var crop = cropper.Crop(frame, new FaceBox(200, 200, 20, 20), PictureArea.All(frame));

        Assert.Equal((30, 30), (crop.Width, crop.Height));
        Assert.Equal(Pixel(frame, 20, 20), Pixel(crop, 0, 0));
        Assert.Equal(Pixel(frame, 49, 49), Pixel(crop, 29, 29));
    }

    [Fact]
    public void CropAllDropsFacesBelowTheMinimumSize()
    {
        var frame = Gradient(200, 100);
        DetectedFace[] faces = [new(new FaceBox(10, 10, 19, 30), 0.9f), new(new FaceBox(100, 10, 19, 19), 0.8f)];

        var crops = cropper.CropAll(frame, faces, Frame200x100);

        var crop = Assert.Single(crops);
        Assert.Equal(faces[0], crop.Face);
        Assert.Equal(45, crop.Image.Width);
    }

    [Fact]
    public void LetterboxMappedBoxesCropTheSameFaceInTheSourceFrame()
    {
        // A white square on black in a 1920x1080 frame, letterboxed to 256x256 as a detector sees it.
        var frame = new RgbImage(1920, 1080);
        for (var y = 500; y < 700; y++)
        {
            frame.Row(y)[(1000 * 3)..(1200 * 3)].Fill(255);
        }

        var letterbox = Letterbox.Fit(frame, 256, 256);
        var scale = 256f / 1920;
        var canvasBox = new FaceBox(1000 * scale, 500 * scale + letterbox.OffsetY, 200 * scale, 200 * scale);

        var crop = cropper.Crop(frame, letterbox.ToSource(canvasBox), PictureArea.All(frame));

        Assert.InRange(crop.Width, 299, 301);                           // 200 · 1.5 after the round trip
        Assert.Equal((255, 255, 255), Pixel(crop, crop.Width / 2, crop.Height / 2));
        Assert.Equal((0, 0, 0), Pixel(crop, 5, 5));
    }

    [Fact]
    public void RejectsNegativeMarginAndNonPositiveMinimum()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceCropper(new FaceCropOptions(-0.1f, 40)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceCropper(new FaceCropOptions(0.3f, 0)));
    }

    private static RgbImage Gradient(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image.Row(y)[x * 3] = (byte)(x + 1);
                image.Row(y)[x * 3 + 1] = (byte)(y + 1);
                image.Row(y)[x * 3 + 2] = 7;
            }
        }

        return image;
    }

    private static (byte, byte, byte) Pixel(RgbImage image, int x, int y) =>
        (image.Row(y)[x * 3], image.Row(y)[x * 3 + 1], image.Row(y)[x * 3 + 2]);
}
