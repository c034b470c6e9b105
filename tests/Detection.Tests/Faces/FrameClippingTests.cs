using DeepScan.Detection.Faces;
using DeepScan.Detection.Imaging;

namespace DeepScan.Detection.Tests.Faces;

public sealed class FrameClippingTests
{
    [Theory]
    [InlineData(10, 5, 30, 40, 10, 5, 30, 40)]          // inside the 100x50 frame: unchanged
    [InlineData(-10, -5, 30, 40, 0, 0, 20, 35)]         // past the top-left corner
    [InlineData(90, 40, 30, 40, 90, 40, 10, 10)]        // past the bottom-right corner of 100x50
    [InlineData(120, 10, 30, 30, 100, 10, 0, 30)]       // wholly outside: empty
    public void DetectorBoxesAreClippedToTheFrame(float x, float y, float w, float h,
        float cx, float cy, float cw, float ch)
    {
        var clipped = OnnxFaceDetector.ClipToFrame(new FaceBox(x, y, w, h), new RgbImage(100, 50));

        Assert.Equal(new FaceBox(cx, cy, cw, ch), clipped);
    }
}
