using System.Globalization;
using System.Net;
using System.Text;
using DeepScan.Detection.Evaluation;

namespace DeepScan.Cli.Rendering;

/// <summary>Writes <c>deepscan eval --report</c>: ROC curves and score histograms per model (inline SVG) and the worst mistakes.</summary>
internal static class EvaluationHtmlReport
{
    private const int Size = 220;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(EvaluationResult result)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>deepscan eval</title><style>")
            .Append("body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
            .Append("td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}")
            .Append(".card{display:inline-block;margin:0 1.5em 1.5em 0;vertical-align:top}svg{background:#fafafa}")
            .Append("</style></head><body>");
        html.Append($"<h1>deepscan eval</h1><p>{Enc(result.LabelsFile)}: {result.Items} {result.Kind} items, " +
            $"{result.Scored} scored, {result.NoFaces} with no face, {result.Failed} failed; aggregation " +
            $"{Enc(result.Strategy)}; {result.WallSeconds.ToString("0.0", Inv)} s.</p>");
        if (result.Models is { Count: > 0 } models)
        {
            var described = models.Select(m => Enc(m.Value.Describe(m.Key)));
            html.Append($"<p>Models: {string.Join(", ", described)}.</p>");
        }

        html.Append("<h2>Metrics</h2><table><tr><th>model</th><th>weight</th><th>n</th><th>AUC</th><th>log-loss</th>" +
            "<th>accuracy</th><th>TP</th><th>FP</th><th>TN</th><th>FN</th></tr>");
        foreach (var (name, m) in result.Metrics)
        {
            var weight = result.Weights.TryGetValue(name, out var w) ? w.ToString("0.000", Inv) : "";
            html.Append($"<tr><td>{Enc(name)}</td><td>{weight}</td><td>{m.Count}</td>" +
                $"<td title=\"{Enc(m.AucUndefinedReason ?? "")}\">{(m.Auc is { } auc ? MetricText.Of(auc, m.AucInterval) : "undefined")}</td>" +
                $"<td>{MetricText.Of(m.LogLoss, m.LogLossInterval)}</td><td>{m.Accuracy.ToString("0.000", Inv)}</td>" +
                $"<td>{m.TruePositives}</td><td>{m.FalsePositives}</td><td>{m.TrueNegatives}</td><td>{m.FalseNegatives}</td></tr>");
        }

        html.Append("</table><p>AUC and log-loss in brackets: 95% interval, percentile bootstrap of "
            + $"{BootstrapIntervals.DefaultResamples} resamples drawn separately from fakes and reals.</p>");
        if (result.GroupColumn is { } column && result.Groups is { } groups)
        {
            AppendGroups(html, column, groups);
        }

        if (result.Baseline is { } baseline)
        {
            AppendBaseline(html, baseline);
        }

        html.Append("<h2>Per model</h2>");
        foreach (var name in result.Metrics.Keys)
        {
            var points = result.Scores.Select(s => (Score: Score(s, name), s.IsFake))
                .Where(p => p.Score is not null).Select(p => (p.Score!.Value, p.IsFake)).ToList();
            html.Append($"<div class=\"card\"><h3>{Enc(name)}</h3>{Roc(points)} {Histogram(points)}</div>");
        }

        html.Append("<h2>Worst mistakes (ensemble)</h2><table><tr><th>file</th><th>label</th><th>P(fake)</th>");
        foreach (var member in result.Weights.Keys)
        {
            html.Append($"<th>{Enc(member)}</th>");
        }

        html.Append("</tr>");
        foreach (var s in result.Scores.Where(s => s.Ensemble is not null)
                     .OrderByDescending(s => Math.Abs(s.Ensemble!.Value - (s.IsFake ? 1 : 0))).Take(15))
        {
            html.Append($"<tr><td>{Enc(s.File)}</td><td>{(s.IsFake ? "FAKE" : "REAL")}</td><td>{s.Ensemble!.Value.ToString("0.000", Inv)}</td>");
            foreach (var member in result.Weights.Keys)
            {
                html.Append($"<td>{s.Members.GetValueOrDefault(member)?.ToString("0.000", Inv) ?? "–"}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
        var problems = result.Scores.Where(s => s.Outcome != ItemOutcome.Scored).ToList();
        if (problems.Count > 0)
        {
            html.Append("<h2>Not scored</h2><ul>");
            foreach (var s in problems)
            {
                html.Append($"<li>{Enc(s.File)}: {Enc(s.Outcome == ItemOutcome.NoFaces ? "no face found" : s.Error ?? "failed")}</li>");
            }

            html.Append("</ul>");
        }

        return html.Append("</body></html>").ToString();
    }

    /// <summary>The metrics again for each value of the <c>--by</c> column, as the console's table gives them.</summary>
    private static void AppendGroups(
        StringBuilder html, string column, Dictionary<string, Dictionary<string, BinaryMetrics>> groups)
    {
        html.Append($"<h2>By {Enc(column)}</h2><table><tr><th>{Enc(column)}</th><th>model</th><th>n</th><th>AUC</th>" +
            "<th>log-loss</th><th>accuracy</th></tr>");
        foreach (var (group, metrics) in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var (name, m) in metrics.OrderBy(p => p.Key == EvaluationResult.EnsembleKey))
            {
                html.Append($"<tr><td>{Enc(group)}</td><td>{Enc(name)}</td><td>{m.Count}</td>" +
                    $"<td>{(m.Auc is { } auc ? MetricText.Of(auc, m.AucInterval) : "undefined")}</td>" +
                    $"<td>{MetricText.Of(m.LogLoss, m.LogLossInterval)}</td><td>{m.Accuracy.ToString("0.000", Inv)}</td></tr>");
            }
        }

        html.Append("</table>");
    }

    private static void AppendBaseline(StringBuilder html, BaselineComparison baseline)
    {
        html.Append($"<h2>Against the baseline {Enc(baseline.Baseline)}</h2><table><tr><th>model</th><th>n</th>" +
            "<th>AUC then → now</th><th>ΔAUC</th><th>log-loss then → now</th><th>Δlog-loss</th></tr>");
        foreach (var (name, d) in baseline.Scorers)
        {
            var auc = d.Auc is { } now && d.BaselineAuc is { } then ? $"{MetricText.Of(then)} → {MetricText.Of(now)}" : "undefined";
            var delta = d.AucDifference is { } diff ? MetricText.Signed(diff, d.AucDifferenceInterval) : "undefined";
            html.Append($"<tr><td>{Enc(name)}</td><td>{d.Count}</td><td>{auc}</td><td>{delta}</td>" +
                $"<td>{MetricText.Of(d.BaselineLogLoss)} → {MetricText.Of(d.LogLoss)}</td>" +
                $"<td>{MetricText.Signed(d.LogLossDifference, d.LogLossDifferenceInterval)}</td></tr>");
        }

        html.Append("</table><p>This run minus the baseline, on the items both scored; in brackets a 95% paired bootstrap "
            + "interval (both runs measured on the same resamples).</p>");
    }

    private static double? Score(ItemScore s, string name) =>
        name == EvaluationResult.EnsembleKey ? s.Ensemble : s.Members.GetValueOrDefault(name);

    private static string Roc(IReadOnlyList<(double, bool)> points)
    {
        var curve = BinaryMetrics.RocCurve(points);
        var path = string.Join(" ", curve.Select(p => $"{X(p.Fpr)},{Y(p.Tpr)}"));
        return $"<svg width=\"{Size}\" height=\"{Size}\" viewBox=\"0 0 {Size} {Size}\"><title>ROC curve</title>" +
            $"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(1)}\" y2=\"{Y(1)}\" stroke=\"#bbb\" stroke-dasharray=\"4\"/>" +
            $"<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" points=\"{path}\"/>" +
            $"<text x=\"{Size / 2}\" y=\"{Size - 2}\" font-size=\"10\" text-anchor=\"middle\">false positive rate</text>" +
            $"<text x=\"10\" y=\"{Size / 2}\" font-size=\"10\" transform=\"rotate(-90 10 {Size / 2})\" text-anchor=\"middle\">true positive rate</text></svg>";
    }

    private static string Histogram(IReadOnlyList<(double Score, bool IsFake)> points)
    {
        const int bins = 10;
        var real = new int[bins];
        var fake = new int[bins];
        foreach (var (score, isFake) in points)
        {
            var bin = Math.Clamp((int)(score * bins), 0, bins - 1);
            (isFake ? fake : real)[bin]++;
        }

        var max = Math.Max(1, real.Concat(fake).Max());
        var bars = new StringBuilder();
        var width = (Size - 30) / (double)bins / 2;
        for (var b = 0; b < bins; b++)
        {
            var x = 20 + b * width * 2;
            bars.Append(Bar(x, real[b], max, width, "#2da44e")).Append(Bar(x + width, fake[b], max, width, "#cf222e"));
        }

        return $"<svg width=\"{Size}\" height=\"{Size}\"><title>P(fake) histogram: green real, red fake</title>{bars}" +
            $"<text x=\"{Size / 2}\" y=\"{Size - 2}\" font-size=\"10\" text-anchor=\"middle\">P(fake) 0 → 1 (green real, red fake)</text></svg>";
    }

    private static string Bar(double x, int count, int max, double width, string colour)
    {
        var height = (Size - 30) * count / (double)max;
        return $"<rect x=\"{x.ToString("0.#", Inv)}\" y=\"{(Size - 15 - height).ToString("0.#", Inv)}\" " +
            $"width=\"{width.ToString("0.#", Inv)}\" height=\"{height.ToString("0.#", Inv)}\" fill=\"{colour}\"/>";
    }

    private static string X(double fpr) => (20 + fpr * (Size - 30)).ToString("0.#", Inv);

    private static string Y(double tpr) => (Size - 15 - tpr * (Size - 30)).ToString("0.#", Inv);

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
