namespace DeepScan.Detection.Onnx.Native;

/// <summary>Reads an <c>OrtTensorTypeAndShapeInfo</c> and an <c>OrtTypeInfo</c> into managed values.</summary>
internal static unsafe class TensorTypeAndShape
{
    /// <summary>Element type and dimensions (-1 where dynamic) of a tensor type.</summary>
    /// <param name="info">A <c>const OrtTensorTypeAndShapeInfo*</c> that stays alive for the call.</param>
    public static (OnnxElementType ElementType, long[] Shape) Read(OrtApi api, IntPtr info)
    {
        OnnxElementType elementType;
        OrtStatus.VerifySuccess(api, api.GetTensorElementType(info, &elementType));
        nuint rank;
        OrtStatus.VerifySuccess(api, api.GetDimensionsCount(info, &rank));
        var shape = new long[(int)rank];
        fixed (long* dims = shape)
        {
            OrtStatus.VerifySuccess(api, api.GetDimensions(info, dims, rank));
        }

        return (elementType, shape);
    }

    /// <summary>Describes a model input or output from its type info.</summary>
    public static TensorMetadata Describe(OrtApi api, string name, OrtTypeInfoHandle typeInfo)
    {
        OnnxValueType kind;
        OrtStatus.VerifySuccess(api, api.GetOnnxTypeFromTypeInfo(typeInfo.Pointer, &kind));
        if (kind != OnnxValueType.Tensor)
        {
            return new TensorMetadata(name, [], kind.ToString().ToLowerInvariant());
        }

        // Lent by the type info, not owned: freed with it.
        IntPtr tensorInfo;
        OrtStatus.VerifySuccess(api, api.CastTypeInfoToTensorInfo(typeInfo.Pointer, &tensorInfo));
        var (elementType, shape) = Read(api, tensorInfo);
        return new TensorMetadata(name, shape, ElementTypeName(elementType));
    }

    /// <summary>The name <see cref="TensorMetadata.ElementType"/> uses, numpy style.</summary>
    public static string ElementTypeName(OnnxElementType type) => type switch
    {
        OnnxElementType.Float => "float32",
        OnnxElementType.Double => "float64",
        OnnxElementType.Float16 => "float16",
        OnnxElementType.BFloat16 => "bfloat16",
        OnnxElementType.UInt8 => "uint8",
        OnnxElementType.Int8 => "int8",
        OnnxElementType.UInt16 => "uint16",
        OnnxElementType.Int16 => "int16",
        OnnxElementType.UInt32 => "uint32",
        OnnxElementType.Int32 => "int32",
        OnnxElementType.UInt64 => "uint64",
        OnnxElementType.Int64 => "int64",
        OnnxElementType.Bool => "bool",
        OnnxElementType.String => "string",
        OnnxElementType.Complex64 => "complex64",
        OnnxElementType.Complex128 => "complex128",
        _ => $"onnx-type-{(int)type}",
    };
}
