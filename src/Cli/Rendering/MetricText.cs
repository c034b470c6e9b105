using System.Globalization;
using DeepScan.Detection.Evaluation;

namespace DeepScan.Cli.Rendering;

/// <summary>How <c>eval</c>'s table and report write a metric: three decimals, and its bootstrap interval when
/// there is one (<c>0.812 [0.640–0.950]</c>).</summary>
internal static class MetricText
{
    public static string Of(double value) =>
        double.IsNaN(value) ? "–" : value.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Of(double value, ConfidenceInterval? interval) =>
        interval is null || double.IsNaN(value) ? Of(value) : $"{Of(value)} [{Of(interval.Lower)}–{Of(interval.Upper)}]";
}
