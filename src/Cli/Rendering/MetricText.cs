using System.Globalization;
using DeepScan.Detection.Evaluation;

namespace DeepScan.Cli.Rendering;

/// <summary>How <c>eval</c>'s table and report write a metric: three decimals, and its bootstrap interval when
/// there is one (<c>0.812 [0.640–0.950]</c>).</summary>
internal static class MetricText
{
    public static string Of(double value) =>
        double.IsNaN(value) ? "–" : value.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>A difference with its sign (<c>+0.052 [-0.101–+0.190]</c>).</summary>
    public static string Signed(double value, ConfidenceInterval? interval)
    {
        static string Sign(double v) => double.IsNaN(v) ? "–" : v.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
        return interval is null || double.IsNaN(value)
            ? Sign(value)
            : $"{Sign(value)} [{Sign(interval.Lower)}–{Sign(interval.Upper)}]";
    }

    public static string Of(double value, ConfidenceInterval? interval) =>
        interval is null || double.IsNaN(value) ? Of(value) : $"{Of(value)} [{Of(interval.Lower)}–{Of(interval.Upper)}]";
}
