namespace DeepScan.Detection.Onnx;

/// <summary>A model input or output as the model declares it.</summary>
/// <param name="Shape">Dimensions, with -1 for a dynamic (symbolic or unknown) dimension.</param>
/// <param name="ElementType">
/// <c>float32</c>, <c>float16</c>, <c>float64</c>, <c>int64</c>, <c>uint8</c>, …; for a value that is not a
/// tensor, its kind (<c>sequence</c>, <c>map</c>, …) with an empty shape.
/// </param>
public sealed record TensorMetadata(string Name, long[] Shape, string ElementType)
{
    /// <summary>True when every dimension is fixed, so an input of exactly this shape can be built.</summary>
    public bool IsFixedShape => Shape.All(d => d >= 0);
}
