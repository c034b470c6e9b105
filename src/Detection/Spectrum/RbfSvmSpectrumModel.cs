namespace DeepScan.Detection.Spectrum;

/// <summary>
/// sklearn's <c>SVC(kernel='rbf', probability=True)</c> for two classes, probabilities as its libsvm gives them.
/// </summary>
/// <remarks>
/// sklearn's decision function f = Σ dual[i] exp(-γ |x - sv[i]|²) + intercept is positive for the second class;
/// its bundled libsvm works with -f. Platt scaling gives the first class r = sigmoid(-f · probA + probB),
/// clipped to [1e-7, 1 - 1e-7], and libsvm then runs its pairwise-coupling iteration even for two classes,
/// which stops at a tolerance of 0.0025: the reported probability is that iteration's result, not r.
/// </remarks>
internal sealed class RbfSvmSpectrumModel : ISpectrumModel
{
    private const double MinProbability = 1e-7;
    private readonly SvmParameters _parameters;
    private readonly double[] _supportVectors;
    private readonly int _dimension;

    public RbfSvmSpectrumModel(SvmParameters parameters)
    {
        _parameters = parameters;
        _dimension = parameters.SupportVectors[0].Length;
        _supportVectors = parameters.SupportVectors.SelectMany(v => v).ToArray();
    }

    public double ProbabilityOfSecondClass(ReadOnlySpan<double> features)
    {
        var decision = _parameters.Intercept;
        for (var s = 0; s < _parameters.DualCoefficients.Length; s++)
        {
            var vector = _supportVectors.AsSpan(s * _dimension, _dimension);
            var distance = 0.0;
            for (var i = 0; i < _dimension; i++)
            {
                var d = features[i] - vector[i];
                distance += d * d;
            }

            decision += _parameters.DualCoefficients[s] * Math.Exp(-_parameters.Gamma * distance);
        }

        var first = Math.Clamp(
            SigmoidPredict(-decision, _parameters.ProbA, _parameters.ProbB), MinProbability, 1 - MinProbability);
        return PairwiseCoupling(first).Second;
    }

    /// <summary>libsvm's <c>sigmoid_predict</c>: 1 / (1 + exp(dec · A + B)), arranged to avoid cancellation.</summary>
    internal static double SigmoidPredict(double decision, double a, double b)
    {
        var fApB = decision * a + b;
        return fApB >= 0 ? Math.Exp(-fApB) / (1 + Math.Exp(-fApB)) : 1 / (1 + Math.Exp(fApB));
    }

    /// <summary>libsvm's <c>multiclass_probability</c> for k = 2, operation for operation.</summary>
    /// <param name="r01">The pairwise probability of the first class over the second.</param>
    internal static (double First, double Second) PairwiseCoupling(double r01)
    {
        const int k = 2;
        const double eps = 0.005 / k;
        var r10 = 1 - r01;
        var q = new double[k, k];
        q[0, 0] = r10 * r10;
        q[0, 1] = -r10 * r01;
        q[1, 0] = q[0, 1];
        q[1, 1] = r01 * r01;
        var p = new[] { 1.0 / k, 1.0 / k };
        var qp = new double[k];
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var pqp = 0.0;
            for (var t = 0; t < k; t++)
            {
                qp[t] = q[t, 0] * p[0] + q[t, 1] * p[1];
                pqp += p[t] * qp[t];
            }

            if (Math.Max(Math.Abs(qp[0] - pqp), Math.Abs(qp[1] - pqp)) < eps)
            {
                break;
            }

            for (var t = 0; t < k; t++)
            {
                var diff = (-qp[t] + pqp) / q[t, t];
                p[t] += diff;
                pqp = (pqp + diff * (diff * q[t, t] + 2 * qp[t])) / (1 + diff) / (1 + diff);
                for (var j = 0; j < k; j++)
                {
                    qp[j] = (qp[j] + diff * q[t, j]) / (1 + diff);
                    p[j] /= 1 + diff;
                }
            }
        }

        return (p[0], p[1]);
    }
}
