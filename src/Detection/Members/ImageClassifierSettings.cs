using DeepScan.Detection.Models;

namespace DeepScan.Detection.Members;

/// <summary>How an image classifier's input tensor is laid out.</summary>
public enum TensorLayout
{
    /// <summary>(N, 3, H, W): PyTorch exports.</summary>
    Nchw,

    /// <summary>(N, H, W, 3): Keras and TFLite-derived models such as MesoNet.</summary>
    Nhwc,
}

/// <summary>
/// An <c>onnx-image</c> manifest entry, checked and resolved: the input the model wants and how to read its output
/// as a fake probability.
/// </summary>
/// <param name="OutputIndex">The element of each output row that holds the score.</param>
/// <param name="OutputIsFake">True when the score is about the face being fake; false when about it being real.</param>
/// <param name="OutputIsLogit">True when the score needs a sigmoid to become a probability.</param>
public sealed record ImageClassifierSettings(
    int InputSize,
    TensorLayout Layout,
    float[] Mean,
    float[] Std,
    int OutputIndex,
    bool OutputIsFake,
    bool OutputIsLogit)
{
    /// <summary>Reads an entry; unset mean and std leave pixels in [0, 1], an unset layout is <c>nchw</c>.</summary>
    /// <exception cref="ModelSetupException">A field has a value the member cannot use; the message names
    /// both.</exception>
    public static ImageClassifierSettings FromEntry(MemberEntry entry)
    {
        var layout = entry.Layout?.ToLowerInvariant() switch
        {
            null or "nchw" => TensorLayout.Nchw,
            "nhwc" => TensorLayout.Nhwc,
            _ => throw Invalid(entry, $"layout '{entry.Layout}' is neither 'nchw' nor 'nhwc'"),
        };
        var outputIsFake = entry.OutputMeans?.ToLowerInvariant() switch
        {
            "fake" => true,
            "real" => false,
            _ => throw Invalid(entry, $"outputMeans '{entry.OutputMeans}' is neither 'fake' nor 'real'"),
        };
        if (entry.InputSize <= 0)
        {
            throw Invalid(entry, $"inputSize {entry.InputSize} is not a positive number of pixels");
        }

        if (entry.OutputIndex < 0)
        {
            throw Invalid(entry, $"outputIndex {entry.OutputIndex} is negative");
        }

        var mean = entry.Mean ?? [0f, 0f, 0f];
        var std = entry.Std ?? [1f, 1f, 1f];
        if (mean.Length != 3 || std.Length != 3)
        {
            throw Invalid(entry, "mean and std need three values each, in RGB order");
        }

        if (std.Any(s => s == 0 || !float.IsFinite(s)) || mean.Any(m => !float.IsFinite(m)))
        {
            throw Invalid(entry, "std values must be finite and non-zero, mean values finite");
        }

        return new ImageClassifierSettings(
            entry.InputSize, layout, mean, std, entry.OutputIndex, outputIsFake, entry.OutputIsLogit);
    }

    /// <summary>The fake probability a model's score stands for.</summary>
    public float FakeProbability(float score)
    {
        var probability = OutputIsLogit ? 1f / (1f + MathF.Exp(-score)) : score;
        return OutputIsFake ? probability : 1f - probability;
    }

    /// <summary>The input tensor's shape for <paramref name="batch"/> faces.</summary>
    public long[] InputShape(int batch) => Layout == TensorLayout.Nhwc
        ? [batch, InputSize, InputSize, 3]
        : [batch, 3, InputSize, InputSize];

    private static ModelSetupException Invalid(MemberEntry entry, string problem) =>
        new($"Model manifest member '{entry.Name}': {problem}.");
}
