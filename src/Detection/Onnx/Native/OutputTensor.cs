namespace DeepScan.Detection.Onnx.Native;

/// <summary>Copies a float32 tensor ONNX Runtime produced into a managed <see cref="NamedTensor"/>.</summary>
internal static unsafe class OutputTensor
{
    /// <exception cref="OnnxRuntimeException">The output is not a float32 tensor.</exception>
    public static NamedTensor Read(OrtApi api, string name, OrtValueHandle value)
    {
        IntPtr info;
        OrtStatus.VerifySuccess(api, api.GetTensorTypeAndShape(value.Pointer, &info), $"Output '{name}'");
        OnnxElementType elementType;
        long[] shape;
        using (new OrtTensorTypeAndShapeInfoHandle(api, info))
        {
            (elementType, shape) = TensorTypeAndShape.Read(api, info);
        }

        if (elementType != OnnxElementType.Float)
        {
            throw new OnnxRuntimeException(
                OrtErrorCode.NotImplemented,
                $"Output '{name}' is {TensorTypeAndShape.ElementTypeName(elementType)}; "
                + "deepscan reads float32 outputs only.");
        }

        var data = new float[checked((int)NamedTensor.ElementCount(shape))];
        if (data.Length > 0)
        {
            void* source;
            OrtStatus.VerifySuccess(api, api.GetTensorMutableData(value.Pointer, &source), $"Output '{name}'");
            new ReadOnlySpan<float>(source, data.Length).CopyTo(data);
        }

        return new NamedTensor(name, data, shape);
    }
}
