using DeepScan.Detection.Faces;

namespace DeepScan.Detection.Tests.Faces;

public sealed class DetectorDecoderTests
{
    [Fact]
    public void BlazeFaceBackAnchorsAre16By16TimesTwoThen8By8TimesSix()
    {
        var anchors = SsdAnchors.Generate(256, [16, 32, 32, 32], anchorsPerLayer: 2);

        Assert.Equal(896, anchors.Length);
        Assert.Equal(new AnchorCentre(0.5f / 16, 0.5f / 16), anchors[0]);
        Assert.Equal(anchors[0], anchors[1]);                                   // two anchors per 16x16 cell
        Assert.Equal(new AnchorCentre(1.5f / 16, 0.5f / 16), anchors[2]);        // then the next cell to the right
        Assert.Equal(new AnchorCentre(0.5f / 16, 1.5f / 16), anchors[32]);       // then the next row
        Assert.Equal(new AnchorCentre(0.5f / 8, 0.5f / 8), anchors[512]);        // 8x8 map starts after 512
        Assert.All(anchors[512..518], a => Assert.Equal(anchors[512], a));      // six anchors per 8x8 cell
        Assert.Equal(new AnchorCentre(7.5f / 8, 7.5f / 8), anchors[^1]);
    }

    [Fact]
    public void BlazeFaceBoxIsAnchorPlusOffsetWithAbsoluteSizeAndSigmoidScore()
    {
        var anchors = SsdAnchors.Generate(256, [16, 32, 32, 32], 2);
        var logits = Enumerable.Repeat(-5f, anchors.Length).ToArray();
        var regressors = new float[anchors.Length * BlazeFaceDecoder.ValuesPerAnchor];
        logits[34] = 2f;                                   // cell (1, 1) of the 16x16 map: centre (24, 24)
        regressors.AsSpan(34 * 16, 4).SetValues(4, -8, 40, 60);
        logits[600] = 1000f;                               // clipped to 100 before the sigmoid: score 1, not NaN

        var faces = BlazeFaceDecoder.Decode(logits, regressors, anchors, 256, scoreThreshold: 0.5f);

        Assert.Equal(2, faces.Count);
        Assert.Equal(new FaceBox(28 - 20, 16 - 30, 40, 60), faces[0].Box);
        Assert.Equal(1f / (1f + MathF.Exp(-2f)), faces[0].Score, 5);
        Assert.Equal(1f, faces[1].Score);
    }

    [Fact]
    public void BlazeFaceRejectsOutputsThatDoNotMatchTheAnchors()
    {
        var anchors = SsdAnchors.Generate(256, [16, 32, 32, 32], 2);

        Assert.Throws<ArgumentException>(() => BlazeFaceDecoder.Decode(new float[512], new float[896 * 16], anchors, 256, 0.5f));
    }

    [Fact]
    public void YuNetScoreIsTheGeometricMeanAndTheBoxGrowsExponentiallyInStrides()
    {
        const int stride = 32;
        var cells = (640 / stride) * (640 / stride);
        var cls = new float[cells];
        var obj = new float[cells];
        var bbox = new float[cells * 4];
        var i = 2 * 20 + 3;                                // row 2, column 3
        cls[i] = 0.81f;
        obj[i] = 1.5f;                                     // clamped to 1
        bbox.AsSpan(i * 4, 4).SetValues(0.5f, 0.25f, MathF.Log(2), 0);
        var faces = new List<DetectedFace>();

        YuNetDecoder.Decode(stride, 640, 640, cls, obj, bbox, 0.6f, faces);

        var face = Assert.Single(faces);
        Assert.Equal(0.9f, face.Score, 5);
        Assert.Equal((3 + 0.5f) * 32 - 32, face.Box.X, 3);    // width exp(ln 2)·32 = 64, centre 112
        Assert.Equal((2 + 0.25f) * 32 - 16, face.Box.Y, 3);
        Assert.Equal(64, face.Box.Width, 3);
        Assert.Equal(32, face.Box.Height, 3);
    }

    [Fact]
    public void UltraFaceScalesNormalisedCornersToInputPixels()
    {
        float[] scores = [0.9f, 0.1f, 0.2f, 0.8f];
        float[] boxes = [0, 0, 1, 1, 0.25f, 0.5f, 0.5f, 1f];

        var faces = UltraFaceDecoder.Decode(scores, boxes, 640, 480, 0.7f);

        var face = Assert.Single(faces);
        Assert.Equal(new FaceBox(160, 240, 160, 240), face.Box);
        Assert.Equal(0.8f, face.Score);
    }
}

file static class SpanFill
{
    public static void SetValues(this Span<float> span, params float[] values) => values.CopyTo(span);
}
