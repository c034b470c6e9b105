using System.Runtime.InteropServices;

namespace DeepScan.Detection.Onnx.Native;

/// <summary>An ONNX Runtime object owned by managed code: released exactly once, never while in use.</summary>
/// <remarks>
/// Callers that hand the pointer to native code while another thread may dispose the handle bracket the call
/// with <see cref="SafeHandle.DangerousAddRef"/> / <see cref="SafeHandle.DangerousRelease"/>.
/// </remarks>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle(OrtApi api, IntPtr pointer)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        Api = api;
        SetHandle(pointer);
    }

    protected OrtApi Api { get; }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The raw pointer, for passing to the C API while this handle is known to be alive.</summary>
    public IntPtr Pointer => DangerousGetHandle();

    protected sealed override bool ReleaseHandle()
    {
        Release(handle);
        return true;
    }

    protected abstract void Release(IntPtr pointer);
}

/// <summary>An <c>OrtSessionOptions*</c>.</summary>
internal sealed unsafe class OrtSessionOptionsHandle(OrtApi api, IntPtr pointer) : OrtHandle(api, pointer)
{
    protected override void Release(IntPtr pointer) => Api.ReleaseSessionOptions(pointer);
}

/// <summary>An <c>OrtSession*</c>, which keeps the <see cref="OrtEnvHandle"/> it was created in alive.</summary>
internal sealed unsafe class OrtSessionHandle : OrtHandle
{
    private readonly OrtEnvHandle env;

    /// <param name="env">Already add-ref'd by the caller for this session; released after the session is.</param>
    public OrtSessionHandle(OrtApi api, IntPtr pointer, OrtEnvHandle env)
        : base(api, pointer)
    {
        this.env = env;
    }

    protected override void Release(IntPtr pointer)
    {
        Api.ReleaseSession(pointer);
        // ONNX Runtime requires the environment to outlive its sessions.
        env.DangerousRelease();
    }
}

/// <summary>An <c>OrtValue*</c>: a tensor, either over pinned managed memory or allocated by ONNX Runtime.</summary>
internal sealed unsafe class OrtValueHandle(OrtApi api, IntPtr pointer) : OrtHandle(api, pointer)
{
    protected override void Release(IntPtr pointer) => Api.ReleaseValue(pointer);
}

/// <summary>An <c>OrtTypeInfo*</c>.</summary>
internal sealed unsafe class OrtTypeInfoHandle(OrtApi api, IntPtr pointer) : OrtHandle(api, pointer)
{
    protected override void Release(IntPtr pointer) => Api.ReleaseTypeInfo(pointer);
}

/// <summary>An owned <c>OrtTensorTypeAndShapeInfo*</c> (one a type info lends out is not wrapped).</summary>
internal sealed unsafe class OrtTensorTypeAndShapeInfoHandle(OrtApi api, IntPtr pointer) : OrtHandle(api, pointer)
{
    protected override void Release(IntPtr pointer) => Api.ReleaseTensorTypeAndShapeInfo(pointer);
}

/// <summary>An <c>OrtMemoryInfo*</c>.</summary>
internal sealed unsafe class OrtMemoryInfoHandle(OrtApi api, IntPtr pointer) : OrtHandle(api, pointer)
{
    protected override void Release(IntPtr pointer) => Api.ReleaseMemoryInfo(pointer);
}

/// <summary>An <c>OrtCUDAProviderOptionsV2*</c>.</summary>
internal sealed unsafe class OrtCudaProviderOptionsHandle(OrtApi api, IntPtr pointer) : OrtHandle(api, pointer)
{
    protected override void Release(IntPtr pointer) => Api.ReleaseCUDAProviderOptions(pointer);
}
