namespace DeepScan.Detection.Spectrum;

/// <summary>Checks a spectrum model document for consistency and builds the model it describes.</summary>
internal static class SpectrumModelValidation
{
    /// <exception cref="Models.ModelSetupException">The document is inconsistent.</exception>
    public static ISpectrumModel Create(SpectrumModelDocument document, string path)
    {
        var features = SpectrumFeatures.FeatureCount;
        Require(document.FeatureCount == features, path,
            $"featureCount is {document.FeatureCount}, expected {features}");
        Require(document.Classes is { Length: 2 } && document.Classes.Contains(document.FakeClass), path,
            "classes must name two classes, one of them fakeClass");
        return document.Kind switch
        {
            "svm-rbf" when document.Svm is { } svm => CreateSvm(svm, path, features),
            "logistic" when document.Logistic is { } logistic => CreateLogistic(logistic, path, features),
            _ => throw Invalid(path, $"kind '{document.Kind}' without its parameters (expected svm-rbf or logistic)"),
        };
    }

    private static RbfSvmSpectrumModel CreateSvm(SvmParameters svm, string path, int features)
    {
        Require(svm.SupportVectors.Length > 0 && svm.SupportVectors.Length == svm.DualCoefficients.Length, path,
            "svm needs one dual coefficient per support vector");
        Require(svm.SupportVectors.All(v => v.Length == features), path,
            $"every support vector needs {features} values");
        Require(svm.Gamma > 0, path, "svm gamma must be positive");
        return new RbfSvmSpectrumModel(svm);
    }

    private static LogisticSpectrumModel CreateLogistic(LogisticParameters logistic, string path, int features)
    {
        Require(logistic.Mean.Length == features && logistic.Scale.Length == features
            && logistic.Coefficients.Length == features, path,
            $"logistic mean, scale and coefficients need {features} values");
        Require(logistic.Scale.All(s => s != 0), path, "logistic scale has a zero");
        return new LogisticSpectrumModel(logistic);
    }

    private static void Require(bool condition, string path, string problem)
    {
        if (!condition)
        {
            throw Invalid(path, problem);
        }
    }

    private static Models.ModelSetupException Invalid(string path, string problem) =>
        new($"Spectrum model '{path}' is malformed: {problem}. Re-run ./setup.sh.");
}
