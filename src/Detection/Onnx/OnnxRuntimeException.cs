namespace DeepScan.Detection.Onnx;

/// <summary>ONNX Runtime could not open a model or failed to run it.</summary>
/// <remarks>The message is ONNX Runtime's own, prefixed with what deepscan was doing.</remarks>
public sealed class OnnxRuntimeException : Exception
{
    internal OnnxRuntimeException(string message, Exception? innerException = null, string? missingModelPath = null)
        : base(message, innerException)
    {
        MissingModelPath = missingModelPath;
    }

    /// <summary>The full path of the model file that was to be opened and does not exist; null for other failures.</summary>
    public string? MissingModelPath { get; }
}
