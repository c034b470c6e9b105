using DeepScan.Detection.Faces;
using DeepScan.Detection.Imaging;
using Xunit.Abstractions;

namespace DeepScan.Detection.Tests.Faces;

/// <summary>The real detectors on real faces, real video frames, and images without faces.</summary>
[Collection(FaceDetectorCollection.Name)]
public sealed class FaceDetectorTests(FaceDetectorFixture detectors, ITestOutputHelper output)
{
    private static readonly string[] Detectors = ["blazeface", "yunet", "ultraface"];

    // Large enough to classify (FaceCropOptions.MinFaceSize); smaller detections in a face crop are hair or ears.
    private static readonly int MinFaceSize = FaceCropOptions.Default.MinFaceSize;

    public static TheoryData<string, string> FaceCrops => Cross(
        "real/mesonet-real00240.jpg",
        "real/mesonet-real00772.jpg",
        "fake/mesonet-df00204.jpg",
        "real/dfdc-abarnvbtwb-000-00.png",
        "real/dfdc-abarnvbtwb-005-00.png",
        "fake/dfdc-aapnvogymq-004-01.png",
        "fake/dfdc-abqwwspghj-001-00.png");

    [Theory]
    [MemberData(nameof(FaceCrops))]
    public void FindsTheOneFaceOfAFaceCropOverItsCentre(string detector, string crop)
    {
        var image = FfmpegStills.ReadImage(TestPaths.Face(crop));

        var faces = Detect(detector, image).Where(f => Math.Max(f.Box.Width, f.Box.Height) >= MinFaceSize);

        var face = Assert.Single(faces);
        Assert.True(Contains(face.Box, image.Width / 2f, image.Height / 2f), $"{face.Box} misses the centre");
    }

    public static TheoryData<string, string, int, int> VideoFrames
    {
        get
        {
            var data = new TheoryData<string, string, int, int>();
            foreach (var detector in Detectors)
            {
                data.Add(detector, "real/dfdc-lynaeydofd.mp4", 1920, 1080);
                data.Add(detector, "fake/dfdc-brtujopkby.mp4", 1080, 1920);     // portrait, stored rotated
                data.Add(detector, "real/ffpp-c23-004.mp4", 1280, 720);
                data.Add(detector, "fake/ffpp-c23-519_515.mp4", 640, 480);
                data.Add(detector, "fake/ffpp-c23-750_743.mp4", 1920, 1080);
                data.Add(detector, "real/celebdf-id6_0005.mp4", 298, 298);      // already a face crop
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(VideoFrames))]
    public void FindsAFaceInAVideoFrameWithBoxesInsideTheDisplayFrame(string detector, string video, int width, int height)
    {
        var frame = FfmpegStills.ReadVideoFrames(TestPaths.Video(video), 15)[0];
        Assert.Equal((width, height), (frame.Width, frame.Height));

        var faces = Detect(detector, frame);

        Assert.Contains(faces, f => Math.Max(f.Box.Width, f.Box.Height) >= MinFaceSize);
        Assert.All(faces, f =>
        {
            Assert.InRange(f.Box.X, 0, width);
            Assert.InRange(f.Box.Y, 0, height);
            Assert.InRange(f.Box.Right, f.Box.X, width);
            Assert.InRange(f.Box.Bottom, f.Box.Y, height);
        });
    }

    public static TheoryData<string, int, int, int, int> PastedFaces
    {
        get
        {
            var data = new TheoryData<string, int, int, int, int>();
            foreach (var detector in Detectors)
            {
                data.Add(detector, 1920, 1080, 1500, 100);      // landscape, top right
                data.Add(detector, 1080, 1920, 100, 1500);      // portrait, bottom left
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(PastedFaces))]
    public void ReportsAFaceWhereItIsInTheFrame(string detector, int width, int height, int left, int top)
    {
        const int size = 256;
        var face = FfmpegStills.ReadImage(TestPaths.Face("real/mesonet-real00240.jpg"));   // 256x256
        var frame = new RgbImage(width, height);
        for (var y = 0; y < size; y++)
        {
            face.Row(y).CopyTo(frame.Row(top + y)[(left * 3)..]);
        }

        var found = Assert.Single(Detect(detector, frame));

        Assert.True(Contains(found.Box, left + size / 2f, top + size / 2f), $"{found.Box} misses the pasted face");
        Assert.True(found.Box.X >= left - 16 && found.Box.Right <= left + size + 16, $"{found.Box} leaves the face");
    }

    public static TheoryData<string, string> FacelessImages => new[] { "testsrc=size=1280x720", "color=c=gray:size=640x480", "color=c=black:size=1920x1080" }
        .Aggregate(new TheoryData<string, string>(), (data, source) =>
        {
            foreach (var detector in Detectors)
            {
                data.Add(detector, source);
            }

            return data;
        });

    [Theory]
    [MemberData(nameof(FacelessImages))]
    public void FindsNoFaceWhereThereIsNone(string detector, string lavfiSource)
    {
        var image = FfmpegStills.Generate(lavfiSource);

        Assert.Empty(Detect(detector, image));
    }

    [Theory]
    [InlineData("blazeface")]
    [InlineData("yunet")]
    [InlineData("ultraface")]
    public void FindsTenFacesInAFiveByTwoMosaicOfFaceCrops(string detector)
    {
        string[] crops =
        [
            "real/mesonet-40_0.jpg", "real/mesonet-50_0.jpg", "real/mesonet-60_0.jpg", "real/mesonet-70_0.jpg",
            "real/mesonet-80_64.jpg", "fake/mesonet-114_42.jpg", "fake/mesonet-118_15.jpg", "fake/mesonet-122_0.jpg",
            "fake/mesonet-126_10.jpg", "fake/mesonet-130_2.jpg",
        ];
        const int tile = 200, face = 150;
        var mosaic = new RgbImage(5 * tile, 2 * tile);
        for (var i = 0; i < crops.Length; i++)
        {
            var fitted = Letterbox.Fit(FfmpegStills.ReadImage(TestPaths.Face(crops[i])), face, face).Canvas;
            var (left, top) = (i % 5 * tile + (tile - face) / 2, i / 5 * tile + (tile - face) / 2);
            for (var y = 0; y < face; y++)
            {
                fitted.Row(y).CopyTo(mosaic.Row(top + y)[(left * 3)..]);
            }
        }

        var faces = Detect(detector, mosaic);

        Assert.Equal(10, faces.Count);
        var tilesHit = faces.Select(f => ((int)((f.Box.X + f.Box.Width / 2) / tile), (int)((f.Box.Y + f.Box.Height / 2) / tile)));
        Assert.Equal(10, tilesHit.Distinct().Count());                  // one face centred in each tile
    }

    private IReadOnlyList<DetectedFace> Detect(string detector, RgbImage image)
    {
        var faces = detectors[detector].Detect(image);
        output.WriteLine($"{detector} on {image.Width}x{image.Height}: {faces.Count} face(s)");
        foreach (var face in faces)
        {
            output.WriteLine($"  {face.Box} score {face.Score:0.000}");
        }

        return faces;
    }

    private static bool Contains(FaceBox box, float x, float y) => x >= box.X && x <= box.Right && y >= box.Y && y <= box.Bottom;

    private static TheoryData<string, string> Cross(params string[] files)
    {
        var data = new TheoryData<string, string>();
        foreach (var detector in Detectors)
        {
            foreach (var file in files)
            {
                data.Add(detector, file);
            }
        }

        return data;
    }
}
