using DeepScan.Detection.Imaging;
using DeepScan.Detection.Models;
using DeepScan.Detection.Onnx;

namespace DeepScan.Detection.Members;

/// <summary>
/// Any ONNX image classifier a manifest entry describes, as an ensemble member: each face is letterboxed into the
/// model's square input, normalised, scored in batches, and the chosen output read as a fake probability.
/// </summary>
public sealed class OnnxImageClassifier : IEnsembleMember
{
    public const string MemberKind = "onnx-image";

    /// <summary>The most faces sent to the model in one run unless the caller says otherwise.</summary>
    public const int DefaultMaxBatch = 16;

    private readonly OnnxSession session;
    private readonly ImageClassifierSettings settings;
    private readonly ImageClassifierSignature signature;
    private readonly int maxBatch;

    /// <summary>The last run's input, reused by the next run of as many slots (on the CPU a frame's faces, mostly one;
    /// on a GPU a chunk's): at 224 px one face is 0.6 MB, which .NET would otherwise allocate and zero on the large
    /// object heap for every frame. A run takes it (null while another thread holds it, which then allocates its own)
    /// and puts its own back after the run.</summary>
    private float[]? spareInput;

    private OnnxImageClassifier(
        MemberEntry entry,
        OnnxSession session,
        ImageClassifierSettings settings,
        ImageClassifierSignature signature,
        int maxBatch)
    {
        Name = entry.Name;
        Weight = entry.Weight;
        this.session = session;
        this.settings = settings;
        this.signature = signature;
        this.maxBatch = signature.FixedBatch ?? maxBatch;
    }

    public string Name { get; }

    public double Weight { get; }

    public string Device => session.Device;

    public string Model => Path.GetFileName(session.ModelPath);

    /// <summary>Opens the model an <c>onnx-image</c> entry names, inside <paramref name="modelDirectory"/>: its
    /// <see cref="MemberEntry.CpuFile"/> where the member runs on the CPU and the entry has one, else its file.</summary>
    /// <param name="maxBatch">The most faces per run; a model with a fixed batch size uses that instead.</param>
    /// <exception cref="ModelSetupException">The entry is invalid, the file it runs is missing (its CPU copy too, where
    /// CUDA falls back to the CPU), or the model's input or output does not fit the entry.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime cannot load the file.</exception>
    public static OnnxImageClassifier Open(
        MemberEntry entry,
        string modelDirectory,
        OnnxRuntime runtime,
        OnnxSessionOptions? options = null,
        int maxBatch = DefaultMaxBatch)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        options ??= new OnnxSessionOptions();
        var settings = ImageClassifierSettings.FromEntry(entry);
        var file = Path.GetFullPath(Path.Combine(modelDirectory, entry.File));
        var cpuCopy = entry.CpuFile is null ? null : Path.GetFullPath(Path.Combine(modelDirectory, entry.CpuFile));
        var session = InstalledModel.Open(runtime, $"Member '{entry.Name}'", file, options, cpuCopy);
        try
        {
            var signature = ImageClassifierSignature.Check(entry.Name, session, settings);
            return new OnnxImageClassifier(entry, session, settings, signature, maxBatch);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Fake probability per face, one model run per batch of up to the maximum batch size.</summary>
    /// <exception cref="ModelSetupException">The model's output has no element at the entry's output index.</exception>
    public float[] PredictFake(IReadOnlyList<RgbImage> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var scores = new float[faces.Count];
        for (var start = 0; start < faces.Count; start += maxBatch)
        {
            var count = Math.Min(maxBatch, faces.Count - start);
            var slots = signature.FixedBatch ?? count; // a fixed-batch model gets its tail padded with blank slots
            var input = Pack(faces, start, count, slots);
            var output = session.Run([input], [signature.OutputName])[0];
            Read(output, slots, scores.AsSpan(start, count));
            Volatile.Write(ref spareInput, input.Data);
        }

        return scores;
    }

    public void Dispose() => session.Dispose();

    private NamedTensor Pack(IReadOnlyList<RgbImage> faces, int start, int count, int slots)
    {
        var size = settings.InputSize;
        var perFace = size * size * 3;
        var data = Interlocked.Exchange(ref spareInput, null);
        if (data?.Length != slots * perFace)
        {
            data = new float[slots * perFace];
        }
        else
        {
            data.AsSpan(count * perFace).Clear(); // blank slots of a fixed-batch model; each face fills its own
        }

        for (var i = 0; i < count; i++)
        {
            var canvas = Letterbox.Fit(faces[start + i], size, size).Canvas;
            var destination = data.AsSpan(i * perFace, perFace);
            if (settings.Layout == TensorLayout.Nhwc)
            {
                TensorPacker.WriteNhwc(canvas, destination, settings.Mean, settings.Std);
            }
            else
            {
                TensorPacker.WriteNchw(canvas, destination, settings.Mean, settings.Std);
            }
        }

        return new NamedTensor(signature.InputName, data, settings.InputShape(slots));
    }

    private void Read(NamedTensor output, int slots, Span<float> scores)
    {
        var perFace = output.Data.Length / slots;
        if (perFace * slots != output.Data.Length || settings.OutputIndex >= perFace)
        {
            throw new ModelSetupException(
                $"Member '{Name}': output '{output.Name}' [{string.Join(", ", output.Shape)}] has {perFace} value(s) "
                + $"per face, so outputIndex {settings.OutputIndex} in the manifest does not exist.");
        }

        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = settings.FakeProbability(output.Data[i * perFace + settings.OutputIndex]);
        }
    }
}
