using DeepScan.Detection.Onnx.Native;

namespace DeepScan.Detection.Onnx;

/// <summary>One loaded ONNX model, ready to run; safe to <see cref="Run"/> from several threads at once.</summary>
/// <remarks>
/// Disposing the session while a run is in flight is safe: the native session is released when that run ends.
/// The session keeps ONNX Runtime's environment alive, so it may outlive the <see cref="OnnxRuntime"/> that opened it.
/// </remarks>
public sealed unsafe class OnnxSession : IDisposable
{
    private readonly OrtApi api;
    private readonly OrtSessionHandle session;
    private readonly string[] allOutputNames;

    internal OnnxSession(OrtApi api, string modelPath, OrtSessionFactory.Opened opened)
    {
        this.api = api;
        session = opened.Session;
        ModelPath = modelPath;
        Device = opened.Device == ExecutionDevice.Cuda ? "cuda" : "cpu";
        DeviceFallbackReason = opened.FallbackReason;
        Inputs = SessionSignature.Inputs(api, session);
        Outputs = SessionSignature.Outputs(api, session);
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

    /// <summary>Runs the model on float32 inputs, which are read in place (pinned, not copied).</summary>
    /// <param name="outputNames">Outputs to compute, in the order wanted; all of <see cref="Outputs"/> when null.</param>
    /// <returns>The requested outputs, in the requested order, copied into managed arrays.</returns>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the inputs or failed; carries its message.</exception>
    /// <exception cref="ArgumentException">An input's data does not fill its shape.</exception>
    public IReadOnlyList<NamedTensor> Run(IReadOnlyList<NamedTensor> inputs, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(session.IsClosed, this);
        var wanted = outputNames ?? allOutputNames;

        using var cpuMemory = CreateCpuMemoryInfo();
        var pinned = new List<PinnedTensor>(inputs.Count);
        try
        {
            foreach (var input in inputs)
            {
                pinned.Add(PinnedTensor.Create(api, cpuMemory, input));
            }

            using var inputNames = new Utf8StringArray(inputs.Select(i => i.Name).ToArray());
            using var outputNamesUtf8 = new Utf8StringArray(wanted);
            var inputValues = pinned.Select(p => p.Value.Pointer).ToArray();
            var outputValues = new IntPtr[wanted.Count];
            var status = Invoke(inputNames, inputValues, outputNamesUtf8, outputValues);

            // Whatever ONNX Runtime allocated is owned from here on, even when the status is a failure.
            var outputs = outputValues.Select(v => v == IntPtr.Zero ? null : new OrtValueHandle(api, v)).ToArray();
            try
            {
                OrtStatus.VerifySuccess(api, status, $"Running '{Path.GetFileName(ModelPath)}' failed");
                return outputs.Select((value, i) => OutputTensor.Read(api, wanted[i], value!)).ToArray();
            }
            finally
            {
                foreach (var output in outputs)
                {
                    output?.Dispose();
                }
            }
        }
        finally
        {
            foreach (var input in pinned)
            {
                input.Dispose();
            }
        }
    }

    public void Dispose() => session.Dispose();

    private IntPtr Invoke(
        Utf8StringArray inputNames,
        IntPtr[] inputValues,
        Utf8StringArray outputNames,
        IntPtr[] outputValues)
    {
        // Holds the native session open should another thread dispose this object mid-run.
        var referenced = false;
        session.DangerousAddRef(ref referenced);
        try
        {
            fixed (IntPtr* inputs = inputValues)
            fixed (IntPtr* outputs = outputValues)
            {
                return api.Run(
                    session.Pointer,
                    IntPtr.Zero,
                    inputNames.Pointers,
                    inputs,
                    (nuint)inputValues.Length,
                    outputNames.Pointers,
                    (nuint)outputValues.Length,
                    outputs);
            }
        }
        finally
        {
            if (referenced)
            {
                session.DangerousRelease();
            }
        }
    }

    private OrtMemoryInfoHandle CreateCpuMemoryInfo()
    {
        IntPtr pointer;
        OrtStatus.VerifySuccess(api, api.CreateCpuMemoryInfo(OrtAllocatorType.Arena, OrtMemType.Default, &pointer));
        return new OrtMemoryInfoHandle(api, pointer);
    }
}
