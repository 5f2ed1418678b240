using System.Buffers;
using System.Text.Json;
using TraceCurate.Parquet;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// The <c>trace</c> shape as Parquet (docs/parquet.md, "The trace shape"): the columns of the trace JSONL's first
/// table (docs/trace-schema.md), in the same order and with the same names, so a query written against one works on
/// the other. Messages and actions are <c>list&lt;struct&gt;</c> (dataset viewers show them as records); JSON values
/// (arguments, metadata) are JSON strings because their shape varies from trace to trace.
/// </summary>
internal static class TraceParquetSchema
{
    public static readonly ParquetSchema Schema = new([
        ParquetField.String("id", required: true),
        ParquetField.String("format", required: true),
        ParquetField.String("agent"),
        ParquetField.String("model"),
        ParquetField.String("task"),
        ParquetField.Timestamp("started_at"),
        ParquetField.Double("duration_ms"),
        ParquetField.List("messages", ParquetField.Struct("element", true,
            ParquetField.String("role", required: true),
            ParquetField.String("text"),
            ParquetField.String("thinking"),
            ParquetField.List("tool_calls", ParquetField.Struct("element", true,
                ParquetField.String("id"), ParquetField.String("name", required: true), ParquetField.String("arguments")), required: true)), required: true),
        ParquetField.List("actions", ParquetField.Struct("element", true,
            ParquetField.Int32("index", required: true),
            ParquetField.String("id"),
            ParquetField.String("name", required: true),
            ParquetField.String("arguments"),
            ParquetField.String("input"),
            ParquetField.String("output"),
            ParquetField.Boolean("failed", required: true),
            ParquetField.Int32("exit_code"),
            ParquetField.Double("duration_ms"),
            ParquetField.Struct("telemetry",
                ParquetField.Double("user_cpu"), ParquetField.Double("system_cpu"),
                ParquetField.Int64("peak_rss_bytes"), ParquetField.Int64("read_bytes"), ParquetField.Int64("write_bytes"))), required: true),
        ParquetField.Struct("usage", true,
            ParquetField.Int64("input_tokens"), ParquetField.Int64("output_tokens"),
            ParquetField.Int64("cache_read_tokens"), ParquetField.Int64("cache_write_tokens"), ParquetField.Double("cost_usd")),
        ParquetField.String("metadata"),
    ]);

    /// <summary>One row, positional, in <see cref="Schema"/> order. Values follow the JSONL writer exactly.</summary>
    public static object?[] Row(Trace t, ArrayBufferWriter<byte> buffer) =>
    [
        t.Id, t.Format, t.Agent, t.Model, t.Task, t.StartedAt, Ms(t.Duration),
        t.Messages.Select(m => (object?)new object?[]
        {
            TraceJsonWriter.Snake(m.Role.ToString()), m.Text, m.Thinking,
            m.ToolCalls.Select(c => (object?)new object?[] { c.Id, c.Name, Json(c.Arguments, buffer) }).ToArray(),
        }).ToArray(),
        t.Actions.Select(a => (object?)new object?[]
        {
            a.Index, a.Id, a.Name, Json(a.Arguments, buffer), a.Input, a.Output, a.Failed, a.ExitCode, Ms(a.Duration),
            a.Telemetry is { } tel ? new object?[] { tel.UserCpu, tel.SystemCpu, tel.PeakRssBytes, tel.ReadBytes, tel.WriteBytes } : null,
        }).ToArray(),
        new object?[]
        {
            t.Usage.InputTokens, t.Usage.OutputTokens, t.Usage.CacheReadTokens, t.Usage.CacheWriteTokens,
            t.Usage.CostUsd is { } cost ? (double)cost : null,
        },
        Json(t.Metadata, buffer),
    ];

    // Same rounding as the JSONL (trace-schema.md: duration_ms rounded to 4 decimals).
    private static double? Ms(TimeSpan? d) => d is { } v ? Math.Round(v.TotalMilliseconds, 4) : null;

    /// <summary>A JSON value as the compact text the JSONL writer would write for it (same encoder), or null.</summary>
    private static string? Json(JsonElement? value, ArrayBufferWriter<byte> buffer)
    {
        if (value is not { } v) return null;
        buffer.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(buffer, TraceJsonWriter.Options)) v.WriteTo(w);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
