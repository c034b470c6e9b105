using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Ort = Microsoft.ML.OnnxRuntime;

namespace DeepScan.Detection.Onnx;

/// <summary>One loaded ONNX model, ready to run; safe to <see cref="Run"/> from several threads at once.</summary>
/// <remarks>Dispose it only once its runs have returned: ONNX Runtime's managed session releases the native one at
/// once.</remarks>
public sealed class OnnxSession : IDisposable
{
    private readonly InferenceSession session;
    private readonly string[] allOutputNames;
    private int disposed;

    internal OnnxSession(InferenceSession session, string modelPath, string device, string? fallbackReason)
    {
        this.session = session;
        ModelPath = modelPath;
        Device = device;
        DeviceFallbackReason = fallbackReason;
        Inputs = session.InputNames.Select(n => Describe(n, session.InputMetadata[n])).ToArray();
        Outputs = session.OutputNames.Select(n => Describe(n, session.OutputMetadata[n])).ToArray();
        allOutputNames = Outputs.Select(o => o.Name).ToArray();
    }

    /// <summary>The full path of the model file.</summary>
    public string ModelPath { get; }

    /// <summary>Where the model runs: <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; }

    /// <summary>Why CUDA is not used although it was asked for; null otherwise.</summary>
    public string? DeviceFallbackReason { get; }

    public IReadOnlyList<TensorMetadata> Inputs { get; }

    public IReadOnlyList<TensorMetadata> Outputs { get; }

    /// <summary>Runs the model on float32 inputs, which ONNX Runtime reads in place (pinned, not copied).</summary>
    /// <param name="outputNames">Outputs to compute, in the order wanted; all of <see cref="Outputs"/> when null.</param>
    /// <returns>The requested outputs, in the requested order, copied into managed arrays.</returns>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the inputs or failed; carries its message.</exception>
    /// <exception cref="ArgumentException">An input's data does not fill its shape.</exception>
    public IReadOnlyList<NamedTensor> Run(IReadOnlyList<NamedTensor> inputs, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var wanted = outputNames ?? allOutputNames;
        var names = new string[inputs.Count];
        var values = new OrtValue[inputs.Count];
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                // `with` skips NamedTensor's constructor, so the shape is checked again before native code reads it.
                NamedTensor.EnsureConsistent(inputs[i].Name, inputs[i].Data, inputs[i].Shape);
                names[i] = inputs[i].Name;
                values[i] = OrtValue.CreateTensorValueFromMemory(inputs[i].Data, inputs[i].Shape);
            }

            using var runOptions = new RunOptions();
            using var outputs = RunNative(runOptions, names, values, wanted);
            return outputs.Select((value, i) => Read(wanted[i], value)).ToArray();
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            session.Dispose();
        }
    }

    private IDisposableReadOnlyCollection<OrtValue> RunNative(
        RunOptions runOptions, string[] names, OrtValue[] values, IReadOnlyList<string> wanted)
    {
        try
        {
            return session.Run(runOptions, names, values, wanted as IReadOnlyCollection<string> ?? wanted.ToArray());
        }
        catch (Ort.OnnxRuntimeException e)
        {
            throw new OnnxRuntimeException($"Running '{Path.GetFileName(ModelPath)}' failed: {e.Message}", e);
        }
    }

    private NamedTensor Read(string name, OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        if (info.ElementDataType != TensorElementType.Float)
        {
            throw new OnnxRuntimeException(
                $"Output '{name}' is {ElementTypeName(info.ElementDataType)}; '{Path.GetFileName(ModelPath)}' must "
                + "give float32 outputs.");
        }

        return new NamedTensor(name, value.GetTensorDataAsSpan<float>().ToArray(), info.Shape);
    }

    private static TensorMetadata Describe(string name, NodeMetadata metadata) => metadata.IsTensor
        ? new TensorMetadata(
            name, metadata.Dimensions.Select(d => (long)d).ToArray(), ElementTypeName(metadata.ElementDataType))
        : new TensorMetadata(name, [], metadata.OnnxValueType switch
        {
            OnnxValueType.ONNX_TYPE_SEQUENCE => "sequence",
            OnnxValueType.ONNX_TYPE_MAP => "map",
            OnnxValueType.ONNX_TYPE_OPTIONAL => "optional",
            OnnxValueType.ONNX_TYPE_SPARSETENSOR => "sparse-tensor",
            _ => "opaque",
        });

    private static string ElementTypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Float16 => "float16",
        TensorElementType.BFloat16 => "bfloat16",
        TensorElementType.Double => "float64",
        TensorElementType.Bool => "bool",
        TensorElementType.String => "string",
        _ => type.ToString().ToLowerInvariant(),
    };
}
