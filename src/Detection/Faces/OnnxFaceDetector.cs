using DeepScan.Detection.Imaging;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Faces;

/// <summary>How a detector's input tensor orders its dimensions.</summary>
public enum TensorLayout
{
    /// <summary>(1, height, width, 3): TensorFlow-derived models.</summary>
    Nhwc,

    /// <summary>(1, 3, height, width): PyTorch- and Caffe-derived models.</summary>
    Nchw,
}

/// <summary>
/// The shared pipeline of single-input ONNX face detectors: letterbox the frame into the model's fixed input, run,
/// decode, suppress overlaps, map the boxes back to frame pixels. Subclasses say how to pack pixels and read outputs.
/// </summary>
/// <remarks>Reuses one input buffer between calls, so an instance serves one thread at a time.</remarks>
public abstract class OnnxFaceDetector : IFaceDetector
{
    private readonly OnnxSession session;
    private readonly string inputName;
    private readonly float[] input;
    private readonly long[] inputShape;
    private readonly string[] outputNames;

    /// <exception cref="ModelSetupException">The model's input or outputs are not what this decoder reads.</exception>
    protected OnnxFaceDetector(DetectorEntry entry, OnnxSession session, TensorLayout layout, IReadOnlyList<string> outputNames)
    {
        Entry = entry;
        this.session = session;
        inputShape = layout == TensorLayout.Nhwc
            ? [1, entry.InputHeight, entry.InputWidth, 3]
            : [1, 3, entry.InputHeight, entry.InputWidth];
        var modelFile = Path.GetFileName(session.ModelPath);
        if (session.Inputs is not [{ ElementType: "float32" } modelInput] || !modelInput.Shape.SequenceEqual(inputShape))
        {
            throw new ModelSetupException(
                $"Face detector '{entry.Name}' ({entry.Kind}) expects one float32 input of shape " +
                $"[{string.Join(", ", inputShape)}], but '{modelFile}' declares " +
                $"{string.Join("; ", session.Inputs.Select(i => $"{i.Name} {i.ElementType}[{string.Join(", ", i.Shape)}]"))}. " +
                "Check the manifest's kind, inputWidth and inputHeight for this file.");
        }

        var missing = outputNames.Except(session.Outputs.Select(o => o.Name)).ToArray();
        if (missing.Length > 0)
        {
            throw new ModelSetupException(
                $"Face detector '{entry.Name}' ({entry.Kind}) reads outputs {string.Join(", ", missing)}, which " +
                $"'{modelFile}' does not have. Check the manifest's kind for this file.");
        }

        inputName = modelInput.Name;
        input = new float[NamedTensor.ElementCount(inputShape)];
        this.outputNames = [.. outputNames];
    }

    public string Name => Entry.Name;

    public string Device => session.Device;

    protected DetectorEntry Entry { get; }

    public IReadOnlyList<DetectedFace> Detect(RgbImage frame)
    {
        var letterbox = Letterbox.Fit(frame, Entry.InputWidth, Entry.InputHeight);
        Pack(letterbox.Canvas, input);
        var outputs = session.Run([new NamedTensor(inputName, input, inputShape)], outputNames);
        return Suppress(Decode(outputs))
            .Select(face => face with { Box = ClipToFrame(letterbox.ToSource(face.Box), frame) })
            .Where(face => face.Box.Area > 0)
            .ToArray();
    }

    public void Dispose()
    {
        session.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes the letterboxed canvas into the input tensor as the model was trained to see it.</summary>
    protected abstract void Pack(RgbImage canvas, Span<float> tensor);

    /// <summary>Faces above <see cref="DetectorEntry.ScoreThreshold"/>, boxes in canvas pixels.</summary>
    /// <param name="outputs">The outputs named in the constructor, in that order.</param>
    protected abstract List<DetectedFace> Decode(IReadOnlyList<NamedTensor> outputs);

    /// <summary>Removes duplicate detections of one face; greedy NMS at the manifest's threshold by default.</summary>
    protected virtual IReadOnlyList<DetectedFace> Suppress(IReadOnlyList<DetectedFace> candidates) =>
        NonMaxSuppression.Greedy(candidates, Entry.NmsThreshold);

    /// <summary>Frame-pixel boxes never reach past the frame: downstream crops and reports read them as is.</summary>
    internal static FaceBox ClipToFrame(FaceBox box, RgbImage frame)
    {
        var left = Math.Clamp(box.X, 0, frame.Width);
        var top = Math.Clamp(box.Y, 0, frame.Height);
        var right = Math.Clamp(box.Right, 0, frame.Width);
        var bottom = Math.Clamp(box.Bottom, 0, frame.Height);
        return new FaceBox(left, top, right - left, bottom - top);
    }
}
