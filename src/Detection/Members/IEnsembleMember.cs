using DeepScan.Detection.Imaging;

namespace DeepScan.Detection.Members;

/// <summary>One model of the ensemble: scores face crops with the probability that each face is fake.</summary>
public interface IEnsembleMember : IDisposable
{
    /// <summary>The member's name as written in the model manifest.</summary>
    string Name { get; }

    /// <summary>The member's ensemble weight (its validation accuracy by default).</summary>
    double Weight { get; }

    /// <summary>Where the member runs: <c>cpu</c> or <c>cuda</c>.</summary>
    string Device { get; }

    /// <summary>The model file that scores faces (its name, e.g. <c>resnet18_sbi.int8.onnx</c>): a member with an int8
    /// copy for the CPU runs a different file there than on CUDA, and a verdict says which.</summary>
    string Model { get; }

    /// <summary>
    /// Fake probability in [0, 1] for each crop, in order. Crops are square, unscaled face regions with their
    /// margin; the member resizes and normalises them to its own input.
    /// </summary>
    float[] PredictFake(IReadOnlyList<RgbImage> faces);
}
