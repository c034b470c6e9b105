using System.Runtime.InteropServices;

namespace DeepScan.Detection.Onnx.Native;

/// <summary>Turns the <c>OrtStatus*</c> every fallible ONNX Runtime call returns into an exception.</summary>
internal static unsafe class OrtStatus
{
    /// <summary>Returns when <paramref name="status"/> is null (success); otherwise throws and releases it.</summary>
    /// <param name="status">The <c>OrtStatus*</c> a call returned; owned by this method from here on.</param>
    /// <param name="context">What was being done, put before ONNX Runtime's message.</param>
    /// <exception cref="OnnxRuntimeException">The call failed; carries ONNX Runtime's error code and message.</exception>
    public static void VerifySuccess(OrtApi api, IntPtr status, string? context = null)
    {
        if (status == IntPtr.Zero)
        {
            return;
        }

        try
        {
            var code = api.GetErrorCode(status);
            // The message belongs to the status and dies with it, so copy it before the release below.
            var message = Marshal.PtrToStringUTF8((IntPtr)api.GetErrorMessage(status)) ?? code.ToString();
            throw new OnnxRuntimeException(code, context is null ? message : $"{context}: {message}");
        }
        finally
        {
            api.ReleaseStatus(status);
        }
    }
}
