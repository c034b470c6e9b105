namespace DeepScan.Detection.Onnx;

/// <summary>A named float32 tensor: <see cref="Data"/> holds the values in row-major order of <see cref="Shape"/>.</summary>
/// <exception cref="ArgumentException">The data length is not the product of the shape, or a dimension is negative.</exception>
public sealed record NamedTensor(string Name, float[] Data, long[] Shape)
{
    public string Name { get; init; } = Name ?? throw new ArgumentNullException(nameof(Name));

    public float[] Data { get; init; } = EnsureConsistent(Name, Data, Shape);

    public long[] Shape { get; init; } = Shape;

    /// <summary>The number of values a tensor of <paramref name="shape"/> holds (1 for a scalar).</summary>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"Shape [{string.Join(", ", shape.ToArray())}] has a negative dimension.");
            }

            count = checked(count * dim);
        }

        return count;
    }

    /// <summary>Checks that <paramref name="data"/> fills <paramref name="shape"/> exactly; returns the data.</summary>
    /// <remarks>Run checks again before handing the buffer to native code, since <c>with</c> skips the constructor.</remarks>
    internal static float[] EnsureConsistent(string name, float[] data, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        var expected = ElementCount(shape);
        if (data.Length != expected)
        {
            throw new ArgumentException(
                $"Tensor '{name}' has {data.Length} values but shape [{string.Join(", ", shape)}] needs {expected}.");
        }

        return data;
    }
}
