using System.Globalization;
using System.Text;
using static TraceCurate.Inspect.HtmlReport;
using static TraceCurate.Inspect.SvgCharts;

namespace TraceCurate.Inspect;

/// <summary>The report's telemetry, comparison and inputs sections (see <see cref="HtmlReport"/>).</summary>
internal static class ReportSections
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Telemetry(StringBuilder h, TraceStatistics t, List<Ranked<ToolStatistics>> tools)
    {
        h.Append("<h2>Telemetry</h2>\n");
        var tel = t.Telemetry;
        if (tel.ActionsWithTelemetry == 0)
        {
            h.Append("<p class=\"empty\">No action records process telemetry (AgentTrace spans do).</p>\n");
            return;
        }
        h.Append(C, $"<p class=\"meta\">{tel.ActionsWithTelemetry:N0} action(s) with telemetry: CPU user {D(tel.UserCpuSeconds)} s, system {D(tel.SystemCpuSeconds)} s; ");
        h.Append(C, $"read {N(tel.ReadBytes)} bytes, written {N(tel.WriteBytes)} bytes.</p>\n");
        var measured = tools.Where(p => p.Value.UserCpuSeconds is not null || p.Value.SystemCpuSeconds is not null).ToList();
        if (measured.Count > 0)
            Figure(h, "CPU time per tool, seconds", Bars("tool-cpu", "CPU time per tool",
                measured.Select(p => new Bar(p.Key, [new Segment("user", p.Value.UserCpuSeconds ?? 0), new Segment("system", p.Value.SystemCpuSeconds ?? 0)],
                    $"{D(TraceStatistics.Sum(p.Value.UserCpuSeconds, p.Value.SystemCpuSeconds))} s")).ToList(),
                [("user", "user"), ("system", "system")]));
        var io = tools.Where(p => p.Value.ReadBytes is not null || p.Value.WriteBytes is not null).ToList();
        if (io.Count > 0)
            Figure(h, "Disk I/O per tool, bytes", Bars("tool-io", "Disk I/O per tool",
                io.Select(p => new Bar(p.Key, [new Segment("input", p.Value.ReadBytes ?? 0), new Segment("output", p.Value.WriteBytes ?? 0)],
                    $"read {N(p.Value.ReadBytes)}, written {N(p.Value.WriteBytes)}")).ToList(),
                [("input", "read"), ("output", "written")]));
        if (tel.PeakRssBytes.Count > 0)
            Figure(h, $"Peak resident memory per trace, MB (p50 {D(tel.PeakRssBytes.Percentile(50) / 1e6)}, max {D(tel.PeakRssBytes.Max / 1e6)})",
                Histogram("peak-rss", "Peak resident memory per trace", tel.PeakRssBytes, v => D(v / 1e6), "system"));
    }

    public static void Comparison(StringBuilder h, Inspection inspection)
    {
        var by = inspection.By!.Name;
        var groups = inspection.Groups.ToList();
        h.Append(C, $"<h2>Comparison by {Text(by)}</h2>\n");
        if (by == "tool") h.Append("<p class=\"meta\">A trace is in the group of every tool it called, so groups overlap.</p>\n");
        Compare(h, "traces", "Traces", groups, g => g.Traces, v => N((long)v), "ok");
        Compare(h, "failure-rate", "Failure rate, % of actions", groups, g => Math.Round(g.FailureRate * 100, 2), v => v.ToString("0.##", C) + "%", "failed");
        Compare(h, "recoveries", "Error recoveries per trace", groups, g => g.Traces == 0 ? 0 : Math.Round((double)g.ErrorRecoveries / g.Traces, 4), v => v.ToString("0.###", C), "recovered");
        Compare(h, "actions-per-trace", "Actions per trace (mean)", groups, g => Math.Round(g.ActionsPerTrace.Mean ?? 0, 4), v => v.ToString("0.##", C), "ok");
        if (groups.Any(g => g.Value.TracesWithUsage > 0))
            Compare(h, "tokens-per-trace", "Tokens per trace (p50)", groups, g => g.TokensPerTrace.Percentile(50) ?? 0, v => D(v), "input");
        if (groups.Any(g => g.Value.TracesWithCost > 0))
            Compare(h, "cost", "Cost, USD (traces with a known cost)", groups, g => (double)(g.CostUsd ?? 0), v => v.ToString("0.####", C), "output");
        if (groups.Any(g => g.Value.TraceDurationMs.Count > 0))
            Compare(h, "duration", "Trace duration, ms (p50)", groups, g => g.TraceDurationMs.Percentile(50) ?? 0, v => D(v), "p50");

        h.Append(C, $"<table><thead><tr><th>{Text(by)}</th><th>traces</th><th>actions</th><th>failed</th><th>rate</th><th>recoveries</th><th>tokens p50</th><th>cost USD</th><th>duration p50 ms</th></tr></thead><tbody>");
        foreach (var (key, g) in groups)
            h.Append(C, $"<tr><td>{Text(key)}</td><td>{N(g.Traces)}</td><td>{N(g.Actions)}</td><td>{N(g.FailedActions)}</td><td>{Pct(g.FailureRate)}</td><td>{N(g.ErrorRecoveries)}</td>" +
                        $"<td>{D(g.TokensPerTrace.Percentile(50))}</td><td>{(g.CostUsd is { } c ? c.ToString("0.####", C) : "unknown")}</td><td>{D(g.TraceDurationMs.Percentile(50))}</td></tr>");
        h.Append("</tbody></table>\n");
    }

    private static void Compare(StringBuilder h, string id, string caption, List<KeyValuePair<string, TraceStatistics>> groups,
        Func<TraceStatistics, double> figure, Func<double, string> format, string series) =>
        Figure(h, caption, Bars("by-" + id, caption,
            groups.Select(g => new Bar(g.Key, [new Segment(series, figure(g.Value))], format(figure(g.Value)))).ToList(), [(series, caption)]));

    public static void Inputs(StringBuilder h, Inspection inspection)
    {
        h.Append("<h2>Inputs</h2>\n<table><thead><tr><th>input</th><th>format</th><th>records</th><th>skipped</th><th>traces</th><th>actions</th><th>failed</th><th>rate</th><th>recoveries</th></tr></thead><tbody>");
        foreach (var input in inspection.Inputs)
        {
            var s = input.Statistics;
            h.Append(C, $"<tr><td>{Text(input.Path)}</td><td>{Text(input.Format)}</td><td>{N(input.Records)}</td><td>{N(input.BadRecords + input.TruncatedRecords)}</td>" +
                        $"<td>{N(s.Traces)}</td><td>{N(s.Actions)}</td><td>{N(s.FailedActions)}</td><td>{Pct(s.FailureRate)}</td><td>{N(s.ErrorRecoveries)}</td></tr>");
        }
        h.Append("</tbody></table>\n");
    }
}
