using System.Buffers;
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
    /// into an array and decoded into a string before it was printed. When the inputs were spooled as they were read
    /// (<see cref="Inspection.SpoolsInputs"/>), the head is written here and the rest copied from the spool.
    /// </summary>
    public static void Write(Inspection inspection, Stream output)
    {
        var spool = inspection.EndSpool();
        using (spool)
        {
            using (var w = NewWriter(output))
            {
                WriteHead(w, inspection);
                if (spool is null)
                {
                    foreach (var input in inspection.Inputs)
                    {
                        WriteEntry(w, input);
                        if (w.BytesPending >= FlushBytes) w.Flush();
                    }
                    WriteTail(w, inspection);
                }
            }
            // The spool's writer was at the same depth as this one from its "inputs" on, so its bytes from there on are
            // the ones this writer would have written.
            spool?.CopyTail(inspection, output);
        }
        output.WriteByte((byte)'\n');
        output.Flush();
    }

    internal static Utf8JsonWriter NewWriter(Stream output) =>
        new(output, new JsonWriterOptions { Indented = true, Encoder = TraceJsonWriter.Options.Encoder });

    /// <summary>The document up to the opening of the <c>inputs</c> array: schema version, grouping key, the totals.</summary>
    private static void WriteHead(Utf8JsonWriter w, Inspection inspection)
    {
        w.WriteStartObject();
        w.WriteNumber("schema_version", SchemaVersion);
        if (inspection.By is { } by) w.WriteString("by", by.Name); else w.WriteNull("by");
        WriteFigures(w, inspection.Total);
        w.WriteStartArray(Key.Inputs);
    }

    /// <summary>
    /// One input's entry of the <c>inputs</c> array, on a line of its own: rendered without indentation and written as
    /// the array's next value. A folder of thousands of small sessions has an entry per file, and indented they were a
    /// third of the document's bytes in whitespace (a Codex folder of 10,494 files: 31.7 MB); one line per input also
    /// gives a file's whole entry to <c>grep</c>.
    /// </summary>
    internal static void WriteEntry(Utf8JsonWriter w, InputStatistics input)
    {
        var entry = t_entry ??= new EntryBuffer();
        entry.Bytes.ResetWrittenCount();
        // A raw value is copied as it is, after the comma that separates it: the new line and indentation the document's
        // writer puts before a value it renders itself go first.
        if (w.Options.Indented)
        {
            var indent = w.CurrentDepth * w.Options.IndentSize;
            var head = entry.Bytes.GetSpan(w.Options.NewLine.Length + indent);
            var at = System.Text.Encoding.ASCII.GetBytes(w.Options.NewLine, head);
            head.Slice(at, indent).Fill((byte)w.Options.IndentCharacter);
            entry.Bytes.Advance(at + indent);
        }
        entry.Writer.Reset(entry.Bytes);
        WriteEntryObject(entry.Writer, input);
        entry.Writer.Flush();
        w.WriteRawValue(entry.Bytes.WrittenSpan, skipInputValidation: true);
    }

    [ThreadStatic] private static EntryBuffer? t_entry;

    /// <summary>Where an entry is rendered before it is copied into the document; one per thread, reused.</summary>
    private sealed class EntryBuffer
    {
        public readonly ArrayBufferWriter<byte> Bytes = new(1 << 12);
        public readonly Utf8JsonWriter Writer;

        public EntryBuffer() => Writer = new Utf8JsonWriter(Bytes, new JsonWriterOptions { Encoder = TraceJsonWriter.Options.Encoder });
    }

    private static void WriteEntryObject(Utf8JsonWriter w, InputStatistics input)
    {
        w.WriteStartObject();
        w.WriteString(Key.Path, input.Path);
        w.WriteString(Key.Format, input.Format);
        w.WriteNumber(Key.Records, input.Records);
        w.WriteNumber(Key.BadRecords, input.BadRecords);
        w.WriteNumber(Key.TruncatedRecords, input.TruncatedRecords);
        w.WriteNumber(Key.LinesSkipped, input.LinesSkipped);
        TraceCurate.Manifests.ReadReportJson.Write(w, "read", input.Read);
        WriteFigures(w, input.Statistics);
        w.WriteEndObject();
    }

    /// <summary>The document from the end of the <c>inputs</c> array: the groups, and the closing brace.</summary>
    internal static void WriteTail(Utf8JsonWriter w, Inspection inspection)
    {
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

    internal const int FlushBytes = 1 << 16;

    private static void WriteFigures(Utf8JsonWriter w, TraceStatistics s)
    {
        w.WriteNumber(Key.Traces, s.Traces);
        w.WriteNumber(Key.Messages, s.Messages);
        w.WriteNumber(Key.Actions, s.Actions);
        w.WriteNumber(Key.FailedActions, s.FailedActions);
        w.WriteNumber(Key.InterruptedActions, s.InterruptedActions);
        Rounded(w, Key.FailureRate, s.FailureRate);
        w.WriteNumber(Key.ErrorRecoveries, s.ErrorRecoveries);
        w.WriteNumber(Key.UnrecoveredErrors, s.UnrecoveredErrors);
        w.WriteNumber(Key.TracesWithFailedActions, s.TracesWithFailedActions);
        w.WriteNumber(Key.TracesWithErrorRecovery, s.TracesWithErrorRecovery);
        w.WriteStartObject(Key.Outcomes);
        w.WriteNumber(Key.Success, s.OutcomeSuccess);
        w.WriteNumber(Key.Failure, s.OutcomeFailure);
        w.WriteNumber(Key.Unknown, s.OutcomeUnknown);
        w.WriteEndObject();
        WriteCounts(w, Key.Models, s.Models);
        WriteCounts(w, Key.Formats, s.Formats);
        Long(w, Key.InputTokens, s.InputTokens);
        Long(w, Key.OutputTokens, s.OutputTokens);
        Long(w, Key.CacheReadTokens, s.CacheReadTokens);
        Long(w, Key.CacheWriteTokens, s.CacheWriteTokens);
        w.WriteNumber(Key.TracesWithUsage, s.TracesWithUsage);
        if (s.CostUsd is { } cost) w.WriteNumber(Key.CostUsd, cost); else w.WriteNull(Key.CostUsd);
        w.WriteNumber(Key.TracesWithCost, s.TracesWithCost);
        WriteDistribution(w, Key.TokensPerTrace, s.TokensPerTrace);
        WriteDistribution(w, Key.CostUsdPerTrace, s.CostPerTrace);
        WriteDistribution(w, Key.ActionsPerTrace, s.ActionsPerTrace);
        WriteDistribution(w, Key.TraceDurationMs, s.TraceDurationMs);
        w.WriteStartObject(Key.ByTool);
        foreach (var (name, tool) in OrderTools(s))
        {
            w.WriteStartObject(name);
            w.WriteNumber(Key.Calls, tool.Calls);
            w.WriteNumber(Key.Failed, tool.Failed);
            w.WriteNumber(Key.Interrupted, tool.Interrupted);
            Rounded(w, Key.FailureRate, tool.FailureRate);
            WriteDistribution(w, Key.DurationMs, tool.DurationMs);
            Double(w, Key.UserCpuS, tool.UserCpuSeconds);
            Double(w, Key.SystemCpuS, tool.SystemCpuSeconds);
            Long(w, Key.ReadBytes, tool.ReadBytes);
            Long(w, Key.WriteBytes, tool.WriteBytes);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        var t = s.Telemetry;
        w.WritePropertyName(Key.Telemetry);
        if (t.ActionsWithTelemetry == 0 && t.UserCpuSeconds is null && t.SystemCpuSeconds is null && t.ReadBytes is null
            && t.WriteBytes is null && t.PeakRssBytes.Count == 0)
            WriteFixed(w, EmptyTelemetry, static probe => WriteTelemetry(probe, new TelemetrySummary()));
        else WriteTelemetry(w, t);
    }

    private static void WriteTelemetry(Utf8JsonWriter w, TelemetrySummary t)
    {
        w.WriteStartObject();
        w.WriteNumber(Key.ActionsWithTelemetry, t.ActionsWithTelemetry);
        Double(w, Key.UserCpuS, t.UserCpuSeconds);
        Double(w, Key.SystemCpuS, t.SystemCpuSeconds);
        Long(w, Key.ReadBytes, t.ReadBytes);
        Long(w, Key.WriteBytes, t.WriteBytes);
        WriteDistribution(w, Key.PeakRssBytes, t.PeakRssBytes);
        w.WriteEndObject();
    }

    /// <summary>Tools by calls, most first, then by name (ordinal): the order of the table and the charts too.</summary>
    public static Ranked<ToolStatistics>[] OrderTools(TraceStatistics s) => Ranking.Of(s.Tools, tool => tool.Calls);

    private static void WriteCounts(Utf8JsonWriter w, JsonEncodedText name, IReadOnlyDictionary<string, long> counts)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in Ranking.Of(counts, count => count))
            w.WriteNumber(key, value);
        w.WriteEndObject();
    }

    private static void WriteDistribution(Utf8JsonWriter w, JsonEncodedText name, Distribution d)
    {
        w.WritePropertyName(name);
        if (d.Count == 0) WriteFixed(w, EmptyDistribution, static probe => WriteDistributionValue(probe, new Distribution()));
        else WriteDistributionValue(w, d);
    }

    private static void WriteDistributionValue(Utf8JsonWriter w, Distribution d)
    {
        w.WriteStartObject();
        w.WriteNumber(Key.Count, d.Count);
        Double(w, Key.Min, d.Min);
        Double(w, Key.P50, d.Percentile(50));
        Double(w, Key.P95, d.Percentile(95));
        Double(w, Key.Max, d.Max);
        Double(w, Key.Mean, d.Mean);
        Double(w, Key.Sum, d.Count == 0 ? null : d.Sum);
        w.WriteEndObject();
    }

    // An empty distribution and an empty telemetry block (every figure null) are the same bytes at a given depth, and
    // most of a Codex folder's entries have four to six of them (tokens, cost, each tool's durations, the telemetry
    // block): about a third of the tokens of the 10,494 entries rendered on the main thread, which the parse workers
    // wait for when its rendering falls behind. Rendered once per depth by the writer itself, then copied.
    // Indexed by depth for the indented document's first IndentedDepths depths; an entry's (not indented) bytes are the
    // same at every depth, kept in the one slot after those.
    private const int IndentedDepths = 8;
    private static readonly byte[]?[] EmptyDistribution = new byte[]?[IndentedDepths + 1];
    private static readonly byte[]?[] EmptyTelemetry = new byte[]?[IndentedDepths + 1];

    /// <summary>
    /// Writes, as the value of the property just named, the bytes <paramref name="render"/> writes at this depth:
    /// rendered once per depth (by a writer with the same options, opened to the same depth) and copied after that.
    /// Every writer here is the document's (<see cref="NewWriter"/>) or an entry's (not indented), so one set of bytes
    /// per depth of the first and one for the second serve them all; a deeper indented value is rendered each time.
    /// </summary>
    private static void WriteFixed(Utf8JsonWriter w, byte[]?[] cache, Action<Utf8JsonWriter> render)
    {
        var depth = w.CurrentDepth;
        if (w.Options.Indented && depth >= IndentedDepths)
        {
            render(w);
            return;
        }
        var slot = w.Options.Indented ? depth : IndentedDepths;
        if (cache[slot] is not { } bytes)
        {
            using var buffer = new MemoryStream();
            using (var probe = new Utf8JsonWriter(buffer, w.Options))
            {
                probe.WriteStartObject();
                while (probe.CurrentDepth < depth) probe.WriteStartObject(Key.Path);
                probe.WritePropertyName(Key.Path);
                probe.Flush();
                var start = probe.BytesCommitted;
                render(probe);
                probe.Flush();
                bytes = buffer.GetBuffer().AsSpan((int)start, (int)(probe.BytesCommitted - start)).ToArray();
            }
            cache[slot] = bytes; // the same bytes whichever thread renders them first
        }
        w.WriteRawValue(bytes, skipInputValidation: true);
    }

    private static double Round(double value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    private static void Double(Utf8JsonWriter w, JsonEncodedText name, double? value)
    {
        if (value is { } v) Rounded(w, name, v); else w.WriteNull(name);
    }

    /// <summary>
    /// <paramref name="value"/> rounded to 4 places. A whole one below 10^15 is written as the integer it is: the same
    /// digits as the writer's shortest round-trip form of the double (which turns to an exponent only from 10^15), found
    /// without its digit generation, a quarter of the entries' rendering on a Codex folder (counts, durations in ms and
    /// zero rates are whole). Negative zero, which the writer spells "-0", stays a double.
    /// </summary>
    internal static void Rounded(Utf8JsonWriter w, JsonEncodedText name, double value)
    {
        var rounded = Round(value);
        if (IsPlainWhole(rounded)) w.WriteNumber(name, (long)rounded);
        else w.WriteNumber(name, rounded);
    }

    internal static bool IsPlainWhole(double value) =>
        Math.Abs(value) < 1e15 && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value));

    private static void Long(Utf8JsonWriter w, JsonEncodedText name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    /// <summary>
    /// The keys, encoded once: a folder of thousands of sessions writes about sixty keys per input, each transcoded and
    /// checked for escaping on every write when given as a string.
    /// </summary>
    private static class Key
    {
        public static readonly JsonEncodedText Actions = Encode("actions");
        public static readonly JsonEncodedText ActionsPerTrace = Encode("actions_per_trace");
        public static readonly JsonEncodedText ActionsWithTelemetry = Encode("actions_with_telemetry");
        public static readonly JsonEncodedText BadRecords = Encode("bad_records");
        public static readonly JsonEncodedText ByTool = Encode("by_tool");
        public static readonly JsonEncodedText CacheReadTokens = Encode("cache_read_tokens");
        public static readonly JsonEncodedText CacheWriteTokens = Encode("cache_write_tokens");
        public static readonly JsonEncodedText Calls = Encode("calls");
        public static readonly JsonEncodedText CostUsd = Encode("cost_usd");
        public static readonly JsonEncodedText CostUsdPerTrace = Encode("cost_usd_per_trace");
        public static readonly JsonEncodedText Count = Encode("count");
        public static readonly JsonEncodedText DurationMs = Encode("duration_ms");
        public static readonly JsonEncodedText ErrorRecoveries = Encode("error_recoveries");
        public static readonly JsonEncodedText Failed = Encode("failed");
        public static readonly JsonEncodedText FailedActions = Encode("failed_actions");
        public static readonly JsonEncodedText Failure = Encode("failure");
        public static readonly JsonEncodedText FailureRate = Encode("failure_rate");
        public static readonly JsonEncodedText Format = Encode("format");
        public static readonly JsonEncodedText Formats = Encode("formats");
        public static readonly JsonEncodedText Inputs = Encode("inputs");
        public static readonly JsonEncodedText InputTokens = Encode("input_tokens");
        public static readonly JsonEncodedText Interrupted = Encode("interrupted");
        public static readonly JsonEncodedText InterruptedActions = Encode("interrupted_actions");
        public static readonly JsonEncodedText LinesSkipped = Encode("lines_skipped");
        public static readonly JsonEncodedText Max = Encode("max");
        public static readonly JsonEncodedText Mean = Encode("mean");
        public static readonly JsonEncodedText Messages = Encode("messages");
        public static readonly JsonEncodedText Min = Encode("min");
        public static readonly JsonEncodedText Models = Encode("models");
        public static readonly JsonEncodedText Outcomes = Encode("outcomes");
        public static readonly JsonEncodedText OutputTokens = Encode("output_tokens");
        public static readonly JsonEncodedText P50 = Encode("p50");
        public static readonly JsonEncodedText P95 = Encode("p95");
        public static readonly JsonEncodedText Path = Encode("path");
        public static readonly JsonEncodedText PeakRssBytes = Encode("peak_rss_bytes");
        public static readonly JsonEncodedText ReadBytes = Encode("read_bytes");
        public static readonly JsonEncodedText Records = Encode("records");
        public static readonly JsonEncodedText Success = Encode("success");
        public static readonly JsonEncodedText Sum = Encode("sum");
        public static readonly JsonEncodedText SystemCpuS = Encode("system_cpu_s");
        public static readonly JsonEncodedText Telemetry = Encode("telemetry");
        public static readonly JsonEncodedText TokensPerTrace = Encode("tokens_per_trace");
        public static readonly JsonEncodedText TraceDurationMs = Encode("trace_duration_ms");
        public static readonly JsonEncodedText Traces = Encode("traces");
        public static readonly JsonEncodedText TracesWithCost = Encode("traces_with_cost");
        public static readonly JsonEncodedText TracesWithErrorRecovery = Encode("traces_with_error_recovery");
        public static readonly JsonEncodedText TracesWithFailedActions = Encode("traces_with_failed_actions");
        public static readonly JsonEncodedText TracesWithUsage = Encode("traces_with_usage");
        public static readonly JsonEncodedText TruncatedRecords = Encode("truncated_records");
        public static readonly JsonEncodedText Unknown = Encode("unknown");
        public static readonly JsonEncodedText UnrecoveredErrors = Encode("unrecovered_errors");
        public static readonly JsonEncodedText UserCpuS = Encode("user_cpu_s");
        public static readonly JsonEncodedText WriteBytes = Encode("write_bytes");

        private static JsonEncodedText Encode(string key) => JsonEncodedText.Encode(key, TraceJsonWriter.Options.Encoder);
    }
}
