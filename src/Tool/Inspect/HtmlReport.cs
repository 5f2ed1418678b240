using System.Globalization;
using System.Text;
using static TraceCurate.Inspect.SvgCharts;

namespace TraceCurate.Inspect;

/// <summary>
/// The <c>report</c> page: one self-contained HTML file (inline CSS, inline SVG charts, nothing fetched, no timestamp, so
/// the same traces give the same bytes). Every chart draws figures of the <c>inspect --json</c> document; the tables
/// under them give the exact numbers for print and for readers who do not read charts.
/// </summary>
public static class HtmlReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Render(Inspection inspection, string title)
    {
        var t = inspection.Total;
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"color-scheme\" content=\"light dark\">");
        h.Append(C, $"<title>{Text(title)}</title><style>{ReportStyle.Css}</style></head><body>\n");
        h.Append(C, $"<h1>{Text(title)}</h1><p class=\"meta\">{t.Traces:N0} trace(s) from {inspection.Inputs.Count} input(s)");
        if (inspection.By is { } by) h.Append(C, $", compared by {Text(by.Name)}");
        h.Append(": ").Append(string.Join(", ", inspection.Inputs.Select(i => Text(i.Path)))).Append("</p>\n");
        Cards(h, t);

        h.Append("<h2>Tools</h2>\n");
        var tools = StatisticsJson.OrderTools(t).ToList();
        if (tools.Count == 0) h.Append("<p class=\"empty\">No trace called a tool.</p>\n");
        else
        {
            Figure(h, "Tool calls by result", Bars("tool-usage", "Tool calls by result",
                tools.Select(p => new Bar(p.Key, [new Segment("ok", p.Value.Calls - p.Value.Failed - p.Value.Interrupted),
                    new Segment("failed", p.Value.Failed), new Segment("interrupted", p.Value.Interrupted)], $"{p.Value.Calls:N0} calls")).ToList(),
                [("ok", "succeeded"), ("failed", "failed"), ("interrupted", "interrupted")]));
            Figure(h, "Failure rate per tool (failed calls / calls, %)", Bars("tool-failure-rate", "Failure rate per tool",
                tools.Select(p => new Bar(p.Key, [new Segment("failed", Math.Round(p.Value.FailureRate * 100, 2))], Pct(p.Value.FailureRate))).ToList(),
                [("failed", "failure rate %")]));
            ToolTable(h, tools);
        }

        h.Append("<h2>Errors and recovery</h2>\n");
        Figure(h, "From error to recovery (actions)", Bars("recovery-funnel", "From error to recovery",
        [
            new Bar("actions", [new Segment("ok", t.Actions)], N(t.Actions)),
            new Bar("failed actions", [new Segment("failed", t.FailedActions)], $"{N(t.FailedActions)} ({Pct(t.FailureRate)})"),
            new Bar("recovered later", [new Segment("recovered", t.ErrorRecoveries)], N(t.ErrorRecoveries)),
            new Bar("not recovered", [new Segment("failed", t.UnrecoveredErrors)], N(t.UnrecoveredErrors)),
        ], [("ok", "actions")]));
        Figure(h, "Traces: errors, recovery and outcome", Bars("trace-funnel", "Traces: errors, recovery and outcome",
        [
            new Bar("traces", [new Segment("ok", t.Traces)], N(t.Traces)),
            new Bar("with a failed action", [new Segment("failed", t.TracesWithFailedActions)], N(t.TracesWithFailedActions)),
            new Bar("with error recovery", [new Segment("recovered", t.TracesWithErrorRecovery)], N(t.TracesWithErrorRecovery)),
            new Bar("outcome: success", [new Segment("recovered", t.OutcomeSuccess)], N(t.OutcomeSuccess)),
            new Bar("outcome: failure", [new Segment("failed", t.OutcomeFailure)], N(t.OutcomeFailure)),
            new Bar("outcome: unknown", [new Segment("interrupted", t.OutcomeUnknown)], N(t.OutcomeUnknown)),
        ], [("ok", "traces")]));

        h.Append("<h2>Tokens and cost</h2>\n");
        if (t.TracesWithUsage == 0) h.Append("<p class=\"empty\">No trace records its token use.</p>\n");
        else
        {
            Figure(h, "Tokens by kind (all traces)", Bars("tokens-by-kind", "Tokens by kind",
            [
                new Bar("input", [new Segment("input", t.InputTokens ?? 0)], N(t.InputTokens)),
                new Bar("output", [new Segment("output", t.OutputTokens ?? 0)], N(t.OutputTokens)),
                new Bar("cache read", [new Segment("cacheread", t.CacheReadTokens ?? 0)], N(t.CacheReadTokens)),
                new Bar("cache write", [new Segment("cachewrite", t.CacheWriteTokens ?? 0)], N(t.CacheWriteTokens)),
            ], [("input", "tokens")]));
            Figure(h, $"Tokens per trace ({t.TracesWithUsage:N0} traces; p50 {D(t.TokensPerTrace.Percentile(50))}, p95 {D(t.TokensPerTrace.Percentile(95))})",
                Histogram("tokens-per-trace", "Tokens per trace", t.TokensPerTrace, v => D(v), "input"));
        }
        if (t.TracesWithCost == 0) h.Append("<p class=\"empty\">No trace records its cost in USD; cost is unknown (not 0).</p>\n");
        else
            Figure(h, $"Cost per trace, USD ({t.TracesWithCost:N0} of {t.Traces:N0} traces; total ${t.CostUsd:0.####})",
                Histogram("cost-per-trace", "Cost per trace", t.CostPerTrace, v => v.ToString("0.####", C), "output"));

        h.Append("<h2>Durations</h2>\n");
        if (t.TraceDurationMs.Count == 0) h.Append("<p class=\"empty\">No trace records its duration.</p>\n");
        else
            Figure(h, $"Trace duration, ms (p50 {D(t.TraceDurationMs.Percentile(50))}, p95 {D(t.TraceDurationMs.Percentile(95))})",
                Histogram("trace-duration", "Trace duration", t.TraceDurationMs, v => D(v)));
        var timed = tools.Where(p => p.Value.DurationMs.Count > 0).ToList();
        if (timed.Count > 0)
            Figure(h, "Tool call duration per tool, ms (p50 over p95)", Bars("tool-duration", "Tool call duration per tool",
                timed.Select(p => new Bar(p.Key, [new Segment("p95", p.Value.DurationMs.Percentile(95)!.Value), new Segment("p50", p.Value.DurationMs.Percentile(50)!.Value)],
                    $"p50 {D(p.Value.DurationMs.Percentile(50))}, p95 {D(p.Value.DurationMs.Percentile(95))}")).ToList(),
                [("p50", "p50"), ("p95", "p95")], stacked: false));

        ReportSections.Telemetry(h, t, tools);
        if (inspection.By is not null) ReportSections.Comparison(h, inspection);
        ReportSections.Inputs(h, inspection);
        // Records each bar's drawn size in the page, so that anyone reading the rendered DOM can check the bars were laid out.
        h.Append("<script>for (const r of document.querySelectorAll('svg rect[data-value]')) { const b = r.getBoundingClientRect(); ");
        h.Append("r.setAttribute('data-drawn', b.width.toFixed(1) + 'x' + b.height.toFixed(1)); }</script>\n");
        h.Append("</body></html>\n");
        return h.ToString();
    }

    private static void Cards(StringBuilder h, TraceStatistics t)
    {
        h.Append("<dl class=\"cards\">");
        Card(h, "traces", N(t.Traces));
        Card(h, "actions", N(t.Actions));
        Card(h, "failed actions", $"{N(t.FailedActions)} ({Pct(t.FailureRate)})");
        Card(h, "interrupted", N(t.InterruptedActions));
        Card(h, "error recoveries", N(t.ErrorRecoveries));
        Card(h, "tokens", N(TraceStatistics.Sum(TraceStatistics.Sum(t.InputTokens, t.OutputTokens), TraceStatistics.Sum(t.CacheReadTokens, t.CacheWriteTokens))));
        Card(h, "cost (USD)", t.CostUsd is { } c ? c.ToString("0.####", C) : "unknown");
        Card(h, "models", N(t.Models.Count));
        h.Append("</dl>\n");
    }

    private static void Card(StringBuilder h, string name, string value) =>
        h.Append(C, $"<div><dt>{Text(name)}</dt><dd>{Text(value)}</dd></div>");

    private static void ToolTable(StringBuilder h, List<Ranked<ToolStatistics>> tools)
    {
        h.Append("<table><thead><tr><th>tool</th><th>calls</th><th>failed</th><th>rate</th><th>interrupted</th><th>p50 ms</th><th>p95 ms</th></tr></thead><tbody>");
        foreach (var (name, s) in tools)
            h.Append(C, $"<tr><td>{Text(name)}</td><td>{N(s.Calls)}</td><td>{N(s.Failed)}</td><td>{Pct(s.FailureRate)}</td><td>{N(s.Interrupted)}</td><td>{D(s.DurationMs.Percentile(50))}</td><td>{D(s.DurationMs.Percentile(95))}</td></tr>");
        h.Append("</tbody></table>\n");
    }

    internal static void Figure(StringBuilder h, string caption, string svg) =>
        h.Append("<figure><figcaption>").Append(Text(caption)).Append("</figcaption>").Append(svg).Append("</figure>\n");

    internal static string N(long? value) => value is { } v ? v.ToString("N0", C) : "unknown";

    internal static string D(double? value) => value is { } v ? v.ToString(Math.Abs(v) >= 100 ? "N0" : "0.###", C) : "-";

    internal static string Pct(double rate) => (rate * 100).ToString("0.0", C) + "%";
}
