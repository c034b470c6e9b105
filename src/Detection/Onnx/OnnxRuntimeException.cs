using DeepScan.Detection.Onnx.Native;

namespace DeepScan.Detection.Onnx;

/// <summary>ONNX Runtime could not be loaded, could not open a model or failed to run it.</summary>
/// <remarks>The message is ONNX Runtime's own, prefixed with what deepscan was doing.</remarks>
public sealed class OnnxRuntimeException : Exception
{
    internal OnnxRuntimeException(OrtErrorCode errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = (int)errorCode;
    }

    /// <summary>ONNX Runtime's <c>OrtErrorCode</c>: 2 invalid argument, 3 no such file, 9 not implemented, ….</summary>
    public int ErrorCode { get; }
}
