using System.Globalization;

namespace TraceCurate.Inspect;

/// <summary>
/// The terminal view of an <see cref="Inspection"/>: plain aligned text (no colour, so it reads the same in a pipe or a
/// log). The same figures as the JSON, fewer of them; "-" stands for unknown.
/// </summary>
public static class StatisticsTable
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Print(Inspection inspection, TextWriter o)
    {
        var t = inspection.Total;
        var inputs = new List<string[]> { new[] { "input", "format", "traces", "actions", "failed", "rate", "recovered", "tokens", "cost $" } };
        foreach (var input in inspection.Inputs) inputs.Add(Row(input.Path, input.Format, input.Statistics));
        if (inspection.Inputs.Count > 1) inputs.Add(Row("total", "", t));
        Write(o, inputs, leftColumns: 2);
        o.WriteLine();
        CoverageSection.Print(inspection, o);
        o.WriteLine(string.Create(C, $"traces {t.Traces:N0}, messages {t.Messages:N0}, actions {t.Actions:N0}: failed {t.FailedActions:N0} ({Pct(t.FailureRate)}), interrupted {t.InterruptedActions:N0}"));
        o.WriteLine(string.Create(C, $"error recoveries {t.ErrorRecoveries:N0} in {t.TracesWithErrorRecovery:N0} trace(s); unrecovered errors {t.UnrecoveredErrors:N0}; traces with a failed action {t.TracesWithFailedActions:N0}"));
        o.WriteLine(string.Create(C, $"outcomes: success {t.OutcomeSuccess:N0}, failure {t.OutcomeFailure:N0}, unknown {t.OutcomeUnknown:N0}"));
        o.WriteLine("models: " + (t.Models.Count == 0 ? "-" : string.Join(", ", Ranking.Of(t.Models, count => count).Select(p => string.Create(C, $"{p.Key} {p.Value:N0}")))));
        o.WriteLine($"tokens: input {N(t.InputTokens)}, output {N(t.OutputTokens)}, cache read {N(t.CacheReadTokens)}, cache write {N(t.CacheWriteTokens)}; " +
                    $"cost {(t.CostUsd is { } c ? string.Create(C, $"${c:0.####} ({t.TracesWithCost:N0} of {t.Traces:N0} traces)") : "unknown")}");
        o.WriteLine($"trace duration ms: p50 {D(t.TraceDurationMs.Percentile(50))}, p95 {D(t.TraceDurationMs.Percentile(95))}, max {D(t.TraceDurationMs.Max)} ({t.TraceDurationMs.Count:N0} known)");
        var tel = t.Telemetry;
        if (tel.ActionsWithTelemetry > 0)
            o.WriteLine($"telemetry ({tel.ActionsWithTelemetry:N0} actions): cpu user {D(tel.UserCpuSeconds)} s, system {D(tel.SystemCpuSeconds)} s; " +
                        $"read {N(tel.ReadBytes)} B, written {N(tel.WriteBytes)} B; peak RSS p50 {D(tel.PeakRssBytes.Percentile(50) / 1e6)} MB, max {D(tel.PeakRssBytes.Max / 1e6)} MB");
        if (t.Tools.Count > 0)
        {
            o.WriteLine();
            var tools = new List<string[]> { new[] { "tool", "calls", "failed", "rate", "interrupted", "p50 ms", "p95 ms", "cpu s" } };
            foreach (var (name, tool) in StatisticsJson.OrderTools(t))
                tools.Add([name, I(tool.Calls), I(tool.Failed), Pct(tool.FailureRate), I(tool.Interrupted),
                    D(tool.DurationMs.Percentile(50)), D(tool.DurationMs.Percentile(95)), D(TraceStatistics.Sum(tool.UserCpuSeconds, tool.SystemCpuSeconds))]);
            Write(o, tools);
        }
        if (inspection.By is { } by)
        {
            o.WriteLine();
            var groups = new List<string[]> { new[] { by.Name, "traces", "actions", "failed", "rate", "recovered", "tokens/trace p50", "cost $", "duration p50 ms" } };
            foreach (var (key, g) in inspection.Groups)
                groups.Add([key, I(g.Traces), I(g.Actions), I(g.FailedActions), Pct(g.FailureRate), I(g.ErrorRecoveries),
                    D(g.TokensPerTrace.Percentile(50)), g.CostUsd is { } gc ? gc.ToString("0.####", C) : "-", D(g.TraceDurationMs.Percentile(50))]);
            Write(o, groups);
        }
    }

    private static string[] Row(string name, string format, TraceStatistics s) =>
        [name, format, I(s.Traces), I(s.Actions), I(s.FailedActions), Pct(s.FailureRate), I(s.ErrorRecoveries),
         N(TraceStatistics.Sum(TraceStatistics.Sum(s.InputTokens, s.OutputTokens), TraceStatistics.Sum(s.CacheReadTokens, s.CacheWriteTokens))),
         s.CostUsd is { } c ? c.ToString("0.####", C) : "-"];

    /// <summary>Columns padded to their widest cell; the first <paramref name="leftColumns"/> left-aligned, numbers right-aligned.</summary>
    private static void Write(TextWriter o, List<string[]> rows, int leftColumns = 1)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
            for (var i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        foreach (var row in rows)
        {
            var cells = row.Select((cell, i) => i < leftColumns ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
            o.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    private static string I(long value) => value.ToString("N0", C);

    private static string N(long? value) => value is { } v ? v.ToString("N0", C) : "-";

    private static string D(double? value) => value is { } v ? v.ToString(v >= 100 ? "N0" : "0.###", C) : "-";

    private static string Pct(double rate) => (rate * 100).ToString("0.0", C) + "%";
}
