using DeepScan.Detection.Imaging;
using DeepScan.Detection.Models;

namespace DeepScan.Detection.Members;

/// <summary>A member whose fake probabilities pass through its manifest calibration before anyone sees them: the
/// ensemble, <c>eval</c>'s per-member columns and the verdict's per-face scores.</summary>
public sealed class CalibratedMember(IEnsembleMember inner, PlattCalibration calibration) : IEnsembleMember
{
    public string Name => inner.Name;

    public double Weight => inner.Weight;

    public string Device => inner.Device;

    public string Model => inner.Model;

    public PlattCalibration Calibration => calibration;

    public float[] PredictFake(IReadOnlyList<RgbImage> faces)
    {
        var probabilities = inner.PredictFake(faces);
        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = calibration.Apply(probabilities[i]);
        }

        return probabilities;
    }

    public void Dispose() => inner.Dispose();
}
