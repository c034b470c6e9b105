using System.Text.Json.Serialization;

namespace DeepScan.Detection.Spectrum;

/// <summary>The model file <c>tools/spectrum/train.py</c> writes (its training report is not read here).</summary>
/// <param name="Kind"><c>svm-rbf</c> or <c>logistic</c>; the matching parameter block is set.</param>
/// <param name="Classes">sklearn's class order; both kinds compute the probability of the second class.</param>
/// <param name="FakeClass">Which entry of <paramref name="Classes"/> means the face is fake.</param>
/// <param name="Checks">Validation rows with sklearn's fake probability, for tests to reproduce.</param>
internal sealed record SpectrumModelDocument(
    int SchemaVersion,
    int FeatureCount,
    string Kind,
    string[] Classes,
    string FakeClass,
    SvmParameters? Svm = null,
    LogisticParameters? Logistic = null,
    ValidationFigures? Validation = null,
    SpectrumCheck[]? Checks = null);

/// <summary>An RBF support vector machine with sklearn's signs: a positive decision means the second class.</summary>
internal sealed record SvmParameters(
    double Gamma,
    double Intercept,
    double ProbA,
    double ProbB,
    double[] DualCoefficients,
    double[][] SupportVectors);

/// <summary>Standardised logistic regression: P = sigmoid(Coefficients · (x - Mean) / Scale + Intercept).</summary>
internal sealed record LogisticParameters(double[] Mean, double[] Scale, double[] Coefficients, double Intercept);

/// <summary>The saved model's figures on its held-out validation rows.</summary>
internal sealed record ValidationFigures(double Accuracy, double? Auc = null, int Rows = 0);

/// <summary>One validation row and the fake probability sklearn gave it.</summary>
internal sealed record SpectrumCheck(double[] Features, double FakeProbability);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(SpectrumModelDocument))]
internal sealed partial class SpectrumModelJsonContext : JsonSerializerContext;
