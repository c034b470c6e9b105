namespace DeepScan.Detection.Spectrum;

/// <summary>sklearn's StandardScaler + LogisticRegression pipeline.</summary>
internal sealed class LogisticSpectrumModel(LogisticParameters parameters) : ISpectrumModel
{
    public double ProbabilityOfSecondClass(ReadOnlySpan<double> features)
    {
        var logit = parameters.Intercept;
        for (var i = 0; i < features.Length; i++)
        {
            logit += parameters.Coefficients[i] * ((features[i] - parameters.Mean[i]) / parameters.Scale[i]);
        }

        return 1 / (1 + Math.Exp(-logit));
    }
}
