using System.Buffers;

namespace DeepScan.Detection.Onnx.Native;

/// <summary>An <c>OrtValue</c> that reads a managed float array in place, which stays pinned until disposal.</summary>
internal sealed unsafe class PinnedTensor : IDisposable
{
    private MemoryHandle pin;

    private PinnedTensor(MemoryHandle pin, OrtValueHandle value)
    {
        this.pin = pin;
        Value = value;
    }

    public OrtValueHandle Value { get; }

    /// <summary>Pins <paramref name="tensor"/>'s data and wraps it without copying.</summary>
    public static PinnedTensor Create(OrtApi api, OrtMemoryInfoHandle cpuMemory, NamedTensor tensor)
    {
        NamedTensor.EnsureConsistent(tensor.Name, tensor.Data, tensor.Shape);
        var pin = tensor.Data.AsMemory().Pin();
        try
        {
            IntPtr value;
            fixed (long* shape = tensor.Shape)
            {
                OrtStatus.VerifySuccess(
                    api,
                    api.CreateTensorWithDataAsOrtValue(
                        cpuMemory.Pointer,
                        pin.Pointer,
                        (nuint)tensor.Data.Length * sizeof(float),
                        shape,
                        (nuint)tensor.Shape.Length,
                        OnnxElementType.Float,
                        &value),
                    $"Could not wrap input '{tensor.Name}'");
            }

            return new PinnedTensor(pin, new OrtValueHandle(api, value));
        }
        catch
        {
            pin.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        // The value reads the pinned memory, so it goes first.
        Value.Dispose();
        pin.Dispose();
    }
}
