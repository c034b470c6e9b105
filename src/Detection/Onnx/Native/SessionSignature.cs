using System.Runtime.InteropServices;

namespace DeepScan.Detection.Onnx.Native;

/// <summary>Reads the names, element types and shapes of a session's inputs and outputs.</summary>
internal static unsafe class SessionSignature
{
    public static TensorMetadata[] Inputs(OrtApi api, OrtSessionHandle session) =>
        Read(api, session.Pointer, api.SessionGetInputCount, api.SessionGetInputName, api.SessionGetInputTypeInfo);

    public static TensorMetadata[] Outputs(OrtApi api, OrtSessionHandle session) =>
        Read(api, session.Pointer, api.SessionGetOutputCount, api.SessionGetOutputName, api.SessionGetOutputTypeInfo);

    private static TensorMetadata[] Read(
        OrtApi api,
        IntPtr session,
        delegate* unmanaged<IntPtr, nuint*, IntPtr> getCount,
        delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr> getName,
        delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr> getTypeInfo)
    {
        // The default allocator is process-wide and must not be freed.
        IntPtr allocator;
        OrtStatus.VerifySuccess(api, api.GetAllocatorWithDefaultOptions(&allocator));
        nuint count;
        OrtStatus.VerifySuccess(api, getCount(session, &count));

        var result = new TensorMetadata[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* nativeName;
            OrtStatus.VerifySuccess(api, getName(session, i, allocator, &nativeName));
            string name;
            try
            {
                name = Marshal.PtrToStringUTF8((IntPtr)nativeName) ?? string.Empty;
            }
            finally
            {
                OrtStatus.VerifySuccess(api, api.AllocatorFree(allocator, nativeName));
            }

            IntPtr typeInfo;
            OrtStatus.VerifySuccess(api, getTypeInfo(session, i, &typeInfo));
            using var typeInfoHandle = new OrtTypeInfoHandle(api, typeInfo);
            result[(int)i] = TensorTypeAndShape.Describe(api, name, typeInfoHandle);
        }

        return result;
    }
}
