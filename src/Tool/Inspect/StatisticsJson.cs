using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Inspect;

/// <summary>
/// The <c>inspect --json</c> document (docs/inspect.md lists every key). Keys in a fixed order, the totals at the top
/// level, then <c>inputs</c> and <c>groups</c> with the same figures each. Unknown figures are null, never 0.
/// Durations are milliseconds, CPU times seconds, memory and I/O bytes; decimals are rounded to 4 places.
/// </summary>
public static class StatisticsJson
{
    public const int SchemaVersion = 1;

    public static byte[] Build(Inspection inspection)
    {
        using var buffer = new MemoryStream();
        Write(inspection, buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// The document written to <paramref name="output"/> as it is made, a few dozen KB at a time: a folder of thousands
    /// of sessions has an <c>inputs</c> entry of about 3 KB each (63 MB for 21,000 files), which was held whole, copied
    /// into an array and decoded into a string before it was printed.
    /// </summary>
    public static void Write(Inspection inspection, Stream output)
    {
        using (var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = TraceJsonWriter.Options.Encoder }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", SchemaVersion);
            if (inspection.By is { } by) w.WriteString("by", by.Name); else w.WriteNull("by");
            WriteFigures(w, inspection.Total);
            w.WriteStartArray("inputs");
            foreach (var input in inspection.Inputs)
            {
                w.WriteStartObject();
                w.WriteString("path", input.Path);
                w.WriteString("format", input.Format);
                w.WriteNumber("records", input.Records);
                w.WriteNumber("bad_records", input.BadRecords);
                w.WriteNumber("truncated_records", input.TruncatedRecords);
                w.WriteNumber("lines_skipped", input.LinesSkipped);
                TraceCurate.Manifests.ReadReportJson.Write(w, "read", input.Read);
                WriteFigures(w, input.Statistics);
                w.WriteEndObject();
                if (w.BytesPending >= FlushBytes) w.Flush();
            }
            w.WriteEndArray();
            w.WriteStartArray("groups");
            foreach (var (key, group) in inspection.Groups)
            {
                w.WriteStartObject();
                w.WriteString("key", key);
                WriteFigures(w, group);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
        output.Flush();
    }

    private const int FlushBytes = 1 << 16;

    private static void WriteFigures(Utf8JsonWriter w, TraceStatistics s)
    {
        w.WriteNumber("traces", s.Traces);
        w.WriteNumber("messages", s.Messages);
        w.WriteNumber("actions", s.Actions);
        w.WriteNumber("failed_actions", s.FailedActions);
        w.WriteNumber("interrupted_actions", s.InterruptedActions);
        w.WriteNumber("failure_rate", Round(s.FailureRate));
        w.WriteNumber("error_recoveries", s.ErrorRecoveries);
        w.WriteNumber("unrecovered_errors", s.UnrecoveredErrors);
        w.WriteNumber("traces_with_failed_actions", s.TracesWithFailedActions);
        w.WriteNumber("traces_with_error_recovery", s.TracesWithErrorRecovery);
        w.WriteStartObject("outcomes");
        w.WriteNumber("success", s.OutcomeSuccess);
        w.WriteNumber("failure", s.OutcomeFailure);
        w.WriteNumber("unknown", s.OutcomeUnknown);
        w.WriteEndObject();
        WriteCounts(w, "models", s.Models);
        WriteCounts(w, "formats", s.Formats);
        Long(w, "input_tokens", s.InputTokens);
        Long(w, "output_tokens", s.OutputTokens);
        Long(w, "cache_read_tokens", s.CacheReadTokens);
        Long(w, "cache_write_tokens", s.CacheWriteTokens);
        w.WriteNumber("traces_with_usage", s.TracesWithUsage);
        if (s.CostUsd is { } cost) w.WriteNumber("cost_usd", cost); else w.WriteNull("cost_usd");
        w.WriteNumber("traces_with_cost", s.TracesWithCost);
        WriteDistribution(w, "tokens_per_trace", s.TokensPerTrace);
        WriteDistribution(w, "cost_usd_per_trace", s.CostPerTrace);
        WriteDistribution(w, "actions_per_trace", s.ActionsPerTrace);
        WriteDistribution(w, "trace_duration_ms", s.TraceDurationMs);
        w.WriteStartObject("by_tool");
        foreach (var (name, tool) in OrderTools(s))
        {
            w.WriteStartObject(name);
            w.WriteNumber("calls", tool.Calls);
            w.WriteNumber("failed", tool.Failed);
            w.WriteNumber("interrupted", tool.Interrupted);
            w.WriteNumber("failure_rate", Round(tool.FailureRate));
            WriteDistribution(w, "duration_ms", tool.DurationMs);
            Double(w, "user_cpu_s", tool.UserCpuSeconds);
            Double(w, "system_cpu_s", tool.SystemCpuSeconds);
            Long(w, "read_bytes", tool.ReadBytes);
            Long(w, "write_bytes", tool.WriteBytes);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        var t = s.Telemetry;
        w.WriteStartObject("telemetry");
        w.WriteNumber("actions_with_telemetry", t.ActionsWithTelemetry);
        Double(w, "user_cpu_s", t.UserCpuSeconds);
        Double(w, "system_cpu_s", t.SystemCpuSeconds);
        Long(w, "read_bytes", t.ReadBytes);
        Long(w, "write_bytes", t.WriteBytes);
        WriteDistribution(w, "peak_rss_bytes", t.PeakRssBytes);
        w.WriteEndObject();
    }

    /// <summary>Tools by calls, most first, then by name (ordinal): the order of the table and the charts too.</summary>
    public static IEnumerable<KeyValuePair<string, ToolStatistics>> OrderTools(TraceStatistics s) =>
        s.Tools.OrderByDescending(p => p.Value.Calls).ThenBy(p => p.Key, StringComparer.Ordinal);

    private static void WriteCounts(Utf8JsonWriter w, string name, SortedDictionary<string, long> counts)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
            w.WriteNumber(key, value);
        w.WriteEndObject();
    }

    private static void WriteDistribution(Utf8JsonWriter w, string name, Distribution d)
    {
        w.WriteStartObject(name);
        w.WriteNumber("count", d.Count);
        Double(w, "min", d.Min);
        Double(w, "p50", d.Percentile(50));
        Double(w, "p95", d.Percentile(95));
        Double(w, "max", d.Max);
        Double(w, "mean", d.Mean);
        Double(w, "sum", d.Count == 0 ? null : d.Sum);
        w.WriteEndObject();
    }

    private static double Round(double value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    private static void Double(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, Round(v)); else w.WriteNull(name);
    }

    private static void Long(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v); else w.WriteNull(name);
    }
}
