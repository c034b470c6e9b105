namespace DeepScan.Detection.Models;

/// <summary>
/// Platt scaling of a member's fake probability: p' = sigmoid(a·logit(p) + b), with a and b fitted on validation
/// data, so that members trained on different data speak the same probability scale before they are averaged.
/// Temperature scaling is the case b = 0, a = 1/T.
/// </summary>
public sealed record PlattCalibration(double A, double B)
{
    public const string Method = "platt";

    /// <summary>Probabilities are clipped to [ε, 1 − ε] before the logit, as in log-loss, so 0 and 1 stay finite.</summary>
    private const double Epsilon = 1e-7;

    /// <summary>The member's calibration; null when its entry has none.</summary>
    /// <exception cref="ModelSetupException">The entry's calibration is not a Platt scaling with a finite, positive a
    /// and a finite b; the message names the member and the field.</exception>
    public static PlattCalibration? FromEntry(MemberEntry entry)
    {
        if (entry.Calibration is not { } calibration)
        {
            return null;
        }

        if (!string.Equals(calibration.Method, Method, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(entry, $"method '{calibration.Method}' is not '{Method}'");
        }

        if (calibration.A is not { } a || calibration.B is not { } b)
        {
            throw Invalid(entry, "needs both \"a\" and \"b\"");
        }

        if (!double.IsFinite(a) || a <= 0)
        {
            // a ≤ 0 would flatten or reverse the member's ranking: never what a fit on validation data gives.
            throw Invalid(entry, $"a = {a} must be a finite number above 0");
        }

        return double.IsFinite(b) ? new PlattCalibration(a, b) : throw Invalid(entry, $"b = {b} must be finite");
    }

    /// <summary>The calibrated probability; NaN (a face the member could not score) stays NaN.</summary>
    public float Apply(float probability)
    {
        var p = Math.Clamp((double)probability, Epsilon, 1 - Epsilon);
        var z = A * Math.Log(p / (1 - p)) + B;
        return float.IsNaN(probability) ? float.NaN : (float)(1 / (1 + Math.Exp(-z)));
    }

    private static ModelSetupException Invalid(MemberEntry entry, string problem) => new(
        $"Model manifest member '{entry.Name}': calibration {problem}. Expected "
        + $"\"calibration\": {{ \"method\": \"{Method}\", \"a\": A, \"b\": B }} (p' = sigmoid(A·logit(p) + B)).");
}
