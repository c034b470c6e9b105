namespace DeepScan.Detection.Spectrum;

/// <summary>A fitted classifier over spectrum features.</summary>
internal interface ISpectrumModel
{
    /// <summary>The probability of the second class of the model's class order, as sklearn's predict_proba.</summary>
    double ProbabilityOfSecondClass(ReadOnlySpan<double> features);
}
