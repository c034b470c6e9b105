using DeepScan.Detection.Imaging;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Faces;

/// <summary>OpenCV Zoo's YuNet (2023mar, fixed 640x640): anchor-free, three strides, decoded as FaceDetectorYN does.</summary>
public sealed class YuNetDetector : OnnxFaceDetector
{
    public YuNetDetector(DetectorEntry entry, OnnxSession session)
        : base(entry, session, TensorLayout.Nchw, OutputNames())
    {
    }

    /// <summary>
    /// BGR bytes as floats (0–255), channels first, no normalisation: what OpenCV's <c>blobFromImage</c> feeds it.
    /// </summary>
    protected override void Pack(RgbImage canvas, Span<float> tensor)
    {
        var pixels = canvas.Pixels;
        var plane = canvas.Width * canvas.Height;
        for (var p = 0; p < plane; p++)
        {
            tensor[p] = pixels[p * 3 + 2];
            tensor[plane + p] = pixels[p * 3 + 1];
            tensor[2 * plane + p] = pixels[p * 3];
        }
    }

    protected override List<DetectedFace> Decode(IReadOnlyList<NamedTensor> outputs)
    {
        var faces = new List<DetectedFace>();
        var levels = YuNetDecoder.Strides.Length;
        for (var level = 0; level < levels; level++)
        {
            YuNetDecoder.Decode(
                YuNetDecoder.Strides[level],
                Entry.InputWidth,
                Entry.InputHeight,
                outputs[level].Data,
                outputs[levels + level].Data,
                outputs[2 * levels + level].Data,
                Entry.ScoreThreshold,
                faces);
        }

        return faces;
    }

    // cls_8, cls_16, cls_32, then obj_*, then bbox_*: the order Decode reads them in.
    private static string[] OutputNames() =>
        new[] { "cls", "obj", "bbox" }.SelectMany(head => YuNetDecoder.Strides.Select(stride => $"{head}_{stride}")).ToArray();
}
