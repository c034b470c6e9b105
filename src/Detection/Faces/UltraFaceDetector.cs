using DeepScan.Detection.Imaging;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Faces;

/// <summary>
/// Linzaer's Ultra-Light-Fast-Generic-Face-Detector (RFB, 640x480): an SSD whose ONNX export already decodes its
/// priors, so it only needs thresholding and NMS.
/// </summary>
public sealed class UltraFaceDetector : OnnxFaceDetector
{
    public UltraFaceDetector(DetectorEntry entry, OnnxSession session)
        : base(entry, session, TensorLayout.Nchw, ["scores", "boxes"])
    {
    }

    /// <summary>RGB normalised as (v − 127) / 128, channels first, as the upstream demo does.</summary>
    protected override void Pack(RgbImage canvas, Span<float> tensor) =>
        TensorPacker.WriteNchw(canvas, tensor, [127f / 255, 127f / 255, 127f / 255], [128f / 255, 128f / 255, 128f / 255]);

    protected override List<DetectedFace> Decode(IReadOnlyList<NamedTensor> outputs) =>
        UltraFaceDecoder.Decode(outputs[0].Data, outputs[1].Data, Entry.InputWidth, Entry.InputHeight, Entry.ScoreThreshold);
}
