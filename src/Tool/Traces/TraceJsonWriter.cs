using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TraceCurate.Traces;

/// <summary>
/// Writes a trace as one JSON object in the documented <c>trace</c> schema: snake_case keys in a fixed order (the
/// issue's list first, then the extra model fields, which are left out when they hold their default). The same
/// trace always gives the same bytes.
/// </summary>
internal static class TraceJsonWriter
{
    public static readonly JsonWriterOptions Options = new()
    {
        // Keep non-ASCII text readable and files small; quotes and control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static void Write(Utf8JsonWriter w, Trace t)
    {
        w.WriteStartObject();
        w.WriteString("id", t.Id);
        w.WriteString("format", t.Format);
        w.WriteString("agent", t.Agent);
        w.WriteString("model", t.Model);
        w.WriteString("task", t.Task);
        WriteTime(w, "started_at", t.StartedAt);
        WriteMs(w, "duration_ms", t.Duration);
        w.WriteStartArray("messages");
        foreach (var m in t.Messages) WriteMessage(w, m);
        w.WriteEndArray();
        w.WriteStartArray("actions");
        foreach (var a in t.Actions) WriteAction(w, a);
        w.WriteEndArray();
        w.WritePropertyName("usage");
        WriteUsage(w, t.Usage);
        WriteJson(w, "metadata", t.Metadata);
        WriteTraceExtras(w, t);
        w.WriteEndObject();
    }

    /// <summary>
    /// The trace's keys after the first table (docs/trace-schema.md), each only when it differs from its default. Also
    /// written by the Parquet trace shape's <c>extra</c> column, which carries exactly what its typed columns do not:
    /// a key added here reaches both outputs.
    /// </summary>
    internal static void WriteTraceExtras(Utf8JsonWriter w, Trace t)
    {
        if (t.Models.Count > 0 && !(t.Models.Count == 1 && t.Models[0] == t.Model))
        {
            w.WriteStartArray("models");
            foreach (var m in t.Models) w.WriteStringValue(m);
            w.WriteEndArray();
        }
        if (t.Turns != 0) w.WriteNumber("turns", t.Turns);
        if (t.ParentId is not null) w.WriteString("parent_id", t.ParentId);
        if (t.Kind != TraceKind.Main) w.WriteString("kind", Snake(t.Kind.ToString()));
        if (t.Cwd is not null) w.WriteString("cwd", t.Cwd);
        if (t.NativeOutcome is not null) w.WriteString("native_outcome", t.NativeOutcome);
        if (t.Warnings.Count > 0)
        {
            w.WriteStartArray("warnings");
            foreach (var warning in t.Warnings) w.WriteStringValue(warning);
            w.WriteEndArray();
        }
        if (t.ReadIssues > 0) w.WriteNumber("read_issues", t.ReadIssues); // only when set: clean traces keep their bytes
    }

    private static void WriteMessage(Utf8JsonWriter w, Message m)
    {
        w.WriteStartObject();
        w.WriteString("role", Snake(m.Role.ToString()));
        w.WriteText("text", m.Text);
        w.WriteText("thinking", m.Thinking);
        w.WriteStartArray("tool_calls");
        foreach (var c in m.ToolCalls)
        {
            w.WriteStartObject();
            w.WriteString("id", c.Id);
            w.WriteString("name", c.Name);
            WriteJson(w, "arguments", c.Arguments);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteMessageExtras(w, m);
        w.WriteEndObject();
    }

    /// <summary>A message's keys after role, text, thinking and tool_calls, each only when set (see <see cref="WriteTraceExtras"/>).</summary>
    internal static void WriteMessageExtras(Utf8JsonWriter w, Message m)
    {
        if (m.ToolCallId is not null) w.WriteString("tool_call_id", m.ToolCallId);
        if (m.Kind != MessageKind.Normal) w.WriteString("kind", Snake(m.Kind.ToString()));
        if (m.Turn != 0) w.WriteNumber("turn", m.Turn);
        if (m.IsSidechain) w.WriteBoolean("is_sidechain", true);
        if (m.StopReason is not null) w.WriteString("stop_reason", m.StopReason);
        if (m.Usage is not null)
        {
            w.WritePropertyName("usage");
            WriteUsage(w, m.Usage);
        }
        if (m.Timestamp is not null) WriteTime(w, "timestamp", m.Timestamp);
    }

    private static void WriteAction(Utf8JsonWriter w, Action a)
    {
        w.WriteStartObject();
        w.WriteNumber("index", a.Index);
        w.WriteString("id", a.Id);
        w.WriteString("name", a.Name);
        WriteJson(w, "arguments", a.Arguments);
        w.WriteText("input", a.Input);
        w.WriteText("output", a.Output);
        w.WriteBoolean("failed", a.Failed);
        if (a.ExitCode is { } code) w.WriteNumber("exit_code", code); else w.WriteNull("exit_code");
        WriteMs(w, "duration_ms", a.Duration);
        if (a.Telemetry is { } tel)
        {
            w.WriteStartObject("telemetry");
            WriteDouble(w, "user_cpu", tel.UserCpu);
            WriteDouble(w, "system_cpu", tel.SystemCpu);
            WriteLong(w, "peak_rss_bytes", tel.PeakRssBytes);
            WriteLong(w, "read_bytes", tel.ReadBytes);
            WriteLong(w, "write_bytes", tel.WriteBytes);
            w.WriteEndObject();
        }
        else w.WriteNull("telemetry");
        WriteActionExtras(w, a);
        w.WriteEndObject();
    }

    /// <summary>An action's keys after telemetry, each only when set (see <see cref="WriteTraceExtras"/>).</summary>
    internal static void WriteActionExtras(Utf8JsonWriter w, Action a)
    {
        if (a.Turn != 0) w.WriteNumber("turn", a.Turn);
        if (a.NativeIsError is { } e) w.WriteBoolean("native_is_error", e);
        if (a.ErrorClass is not null) w.WriteString("error_class", a.ErrorClass);
        if (a.Interrupted) w.WriteBoolean("interrupted", true);
        if (a.Rejected) w.WriteBoolean("rejected", true);
        if (a.Timestamp is not null) WriteTime(w, "timestamp", a.Timestamp);
    }

    public static void WriteUsage(Utf8JsonWriter w, Usage u)
    {
        w.WriteStartObject();
        WriteLong(w, "input_tokens", u.InputTokens);
        WriteLong(w, "output_tokens", u.OutputTokens);
        WriteLong(w, "cache_read_tokens", u.CacheReadTokens);
        WriteLong(w, "cache_write_tokens", u.CacheWriteTokens);
        if (u.CostUsd is { } cost) w.WriteNumber("cost_usd", cost); else w.WriteNull("cost_usd");
        WriteUsageExtras(w, u);
        w.WriteEndObject();
    }

    /// <summary>The usage keys after cost_usd, each only when set (see <see cref="WriteTraceExtras"/>).</summary>
    internal static void WriteUsageExtras(Utf8JsonWriter w, Usage u)
    {
        if (u.ReasoningTokens is { } r) w.WriteNumber("reasoning_tokens", r);
        if (u.ApiCalls is { } calls) w.WriteNumber("api_calls", calls);
        if (u.Approximate) w.WriteBoolean("approximate", true);
    }

    /// <summary>UTC, ISO 8601, trailing zero fractions dropped: <c>2026-03-28T14:02:11.52431Z</c>.</summary>
    public static string FormatTime(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? t)
    {
        if (t is { } value) w.WriteString(name, FormatTime(value)); else w.WriteNull(name);
    }

    private static void WriteMs(Utf8JsonWriter w, string name, TimeSpan? d)
    {
        if (d is { } value) w.WriteNumber(name, Math.Round(value.TotalMilliseconds, 4)); else w.WriteNull(name);
    }

    private static void WriteDouble(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } value) w.WriteNumber(name, value); else w.WriteNull(name);
    }

    private static void WriteLong(Utf8JsonWriter w, string name, long? v)
    {
        if (v is { } value) w.WriteNumber(name, value); else w.WriteNull(name);
    }

    private static void WriteJson(Utf8JsonWriter w, string name, JsonElement? value)
    {
        w.WritePropertyName(name);
        if (value is { } v) v.WriteTo(w); else w.WriteNullValue();
    }

    /// <summary>PascalCase enum names as the lower snake_case the JSON uses (<c>CompactionSummary</c> → <c>compaction_summary</c>).</summary>
    public static string Snake(string pascal)
    {
        var sb = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(pascal[i]));
        }
        return sb.ToString();
    }
}
