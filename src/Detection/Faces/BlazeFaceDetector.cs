using DeepScan.Detection.Imaging;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Faces;

/// <summary>
/// MediaPipe's full-range ("back") BlazeFace, 256x256, in keijiro's Barracuda ONNX export: the default detector,
/// small and fast, trained for faces at any distance from the camera.
/// </summary>
public sealed class BlazeFaceDetector : OnnxFaceDetector
{
    // Scores and regressors come per feature map: 16x16 cells with 2 anchors (512), then 8x8 with 6 (384).
    private static readonly string[] Outputs = ["Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0"];

    // MediaPipe face_detection_back: SSD strides 16, 32, 32, 32, two anchors per layer, fixed anchor size.
    private static readonly int[] Strides = [16, 32, 32, 32];

    private readonly AnchorCentre[] anchors;

    public BlazeFaceDetector(DetectorEntry entry, OnnxSession session)
        : base(entry, session, TensorLayout.Nhwc, Outputs)
    {
        if (entry.InputWidth != entry.InputHeight)
        {
            throw new ModelSetupException(
                $"Face detector '{entry.Name}' (blazeface) needs a square input; the manifest says " +
                $"{entry.InputWidth}x{entry.InputHeight}.");
        }

        anchors = SsdAnchors.Generate(entry.InputWidth, Strides, anchorsPerLayer: 2);
    }

    /// <summary>RGB scaled to [-1, 1], channels last; the letterbox's black border becomes -1 as in MediaPipe.</summary>
    protected override void Pack(RgbImage canvas, Span<float> tensor) =>
        TensorPacker.WriteNhwc(canvas, tensor, [0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]);

    protected override List<DetectedFace> Decode(IReadOnlyList<NamedTensor> outputs) =>
        BlazeFaceDecoder.Decode(
            [.. outputs[0].Data, .. outputs[1].Data],
            [.. outputs[2].Data, .. outputs[3].Data],
            anchors,
            Entry.InputWidth,
            Entry.ScoreThreshold);

    /// <summary>MediaPipe's weighted NMS: neighbouring anchors firing on one face are blended into one box.</summary>
    protected override IReadOnlyList<DetectedFace> Suppress(IReadOnlyList<DetectedFace> candidates) =>
        NonMaxSuppression.Weighted(candidates, Entry.NmsThreshold);
}
