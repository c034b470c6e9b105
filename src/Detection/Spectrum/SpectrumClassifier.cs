using System.Text.Json;
using DeepScan.Detection.Imaging;
using DeepScan.Detection.Members;
using DeepScan.Detection.Models;

namespace DeepScan.Detection.Spectrum;

/// <summary>
/// The frequency-domain ensemble member: <see cref="SpectrumFeatures"/> of each face, scored by the SVM or
/// logistic model that <c>tools/spectrum/train.py</c> fitted and saved as JSON.
/// </summary>
public sealed class SpectrumClassifier : IEnsembleMember
{
    public const string MemberKind = "spectrum";

    private readonly ISpectrumModel _model;
    private readonly bool _fakeIsSecondClass;

    private SpectrumClassifier(string name, double weight, string modelFile, ISpectrumModel model, bool fakeIsSecondClass)
    {
        Name = name;
        Model = modelFile;
        Weight = weight;
        _model = model;
        _fakeIsSecondClass = fakeIsSecondClass;
    }

    public string Name { get; }

    public double Weight { get; }

    public string Device => "cpu";

    public string Model { get; }

    /// <summary>Reads and checks the model file a <c>spectrum</c> manifest entry names.</summary>
    /// <exception cref="ModelSetupException">Not a spectrum entry, or its file is missing or bad.</exception>
    public static SpectrumClassifier Load(MemberEntry entry, string modelDirectory)
    {
        if (!string.Equals(entry.Kind, MemberKind, StringComparison.Ordinal))
        {
            throw new ModelSetupException($"Member '{entry.Name}' has kind '{entry.Kind}', not '{MemberKind}'.");
        }

        var path = Path.Combine(modelDirectory, entry.File);
        var document = Read(path);
        var model = SpectrumModelValidation.Create(document, path);
        var fakeIsSecondClass = Array.IndexOf(document.Classes, document.FakeClass) == 1;
        return new SpectrumClassifier(entry.Name, entry.Weight, Path.GetFileName(path), model, fakeIsSecondClass);
    }

    /// <summary>
    /// Fake probability per crop; NaN for a crop under <see cref="SpectrumFeatures.MinimumSide"/> pixels a side,
    /// which has too few frequencies to score.
    /// </summary>
    public float[] PredictFake(IReadOnlyList<RgbImage> faces)
    {
        var scores = new float[faces.Count];
        for (var i = 0; i < faces.Count; i++)
        {
            var face = faces[i];
            scores[i] = face.Width < SpectrumFeatures.MinimumSide || face.Height < SpectrumFeatures.MinimumSide
                ? float.NaN
                : (float)FakeProbability(SpectrumFeatures.Compute(face));
        }

        return scores;
    }

    /// <summary>The fake probability of one row of <see cref="SpectrumFeatures.FeatureCount"/> features.</summary>
    internal double FakeProbability(ReadOnlySpan<double> features)
    {
        var second = _model.ProbabilityOfSecondClass(features);
        return _fakeIsSecondClass ? second : 1 - second;
    }

    /// <summary>Nothing to release: the model is managed arrays.</summary>
    public void Dispose()
    {
    }

    private static SpectrumModelDocument Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelSetupException(
                $"Spectrum model not found at '{path}'. Run ./setup.sh (tools/spectrum/train.py builds it).");
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, SpectrumModelJsonContext.Default.SpectrumModelDocument)
                ?? throw new ModelSetupException($"Spectrum model '{path}' is empty. Re-run ./setup.sh.");
        }
        catch (JsonException ex)
        {
            throw new ModelSetupException(
                $"Spectrum model '{path}' is not valid JSON ({ex.Message}). Re-run ./setup.sh.");
        }
    }
}
