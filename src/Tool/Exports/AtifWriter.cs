using System.Globalization;
using System.Text.Json;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: atif</c> (input-formats-2 §2; docs/formats/atif.md): one ATIF-v1.6 trajectory per line. Steps are the
/// messages in order (system, user, agent); an agent step carries its calls as <c>tool_calls</c> and their results as
/// <c>observation.results</c> (paired by <c>source_call_id</c>), its usage as <c>metrics</c> (<c>prompt_tokens</c>
/// includes cached tokens, as ATIF defines it). ATIF has no error flag or exit code: each call's <c>failed</c>,
/// <c>exit_code</c>, <c>native_is_error</c>, <c>interrupted</c> and <c>rejected</c> go in the step's
/// <c>extra.trace_curate.calls</c>, keyed by call id, so the <c>atif</c> reader gets back what was written. Tool
/// messages are not steps: their text is the result of the call they answer.
/// </summary>
internal sealed class AtifWriter(OutputTarget target, ExportOptions options) : JsonlRecordWriter(target, options)
{
    public const string SchemaVersion = "ATIF-v1.6";

    /// <summary>The key of the tool's own fields in ATIF <c>extra</c> objects.</summary>
    public const string ExtraKey = "trace_curate";

    protected override string? WriteRecord(Utf8JsonWriter w, Trace trace)
    {
        // ATIF requires at least one step (RFC 0001; Harbor's Trajectory.steps has min_length 1): a trace with no
        // message besides tool results is counted as skipped rather than written as a trajectory no reader accepts.
        if (!trace.Messages.Any(m => m.Role != Role.Tool)) return "no_steps";
        var matcher = new CallMatcher(trace);
        w.WriteStartObject();
        w.WriteString("schema_version", SchemaVersion);
        w.WriteString("session_id", trace.Id);
        w.WriteStartObject("agent");
        w.WriteString("name", trace.Agent ?? "unknown");
        w.WriteString("version", "unknown");
        if (trace.Model is { } model) w.WriteString("model_name", model);
        w.WriteEndObject();
        w.WriteStartArray("steps");
        var step = 0;
        var callIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in trace.Messages)
        {
            if (m.Role == Role.Tool) continue;
            w.WriteStartObject();
            w.WriteNumber("step_id", ++step);
            if (m.Timestamp is { } at) w.WriteString("timestamp", at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            w.WriteString("source", m.Role switch { Role.System => "system", Role.Assistant => "agent", _ => "user" });
            w.WriteString("message", m.Text ?? "");
            if (m.Role == Role.Assistant) WriteAgent(w, m, matcher.Match(m), matcher, callIds);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteFinalMetrics(w, trace.Usage, step);
        w.WriteStartObject("extra");
        w.WriteStartObject(ExtraKey);
        w.WriteString("format", trace.Format);
        if (trace.Task is { } task) w.WriteString("task", task);
        if (trace.NativeOutcome is { } outcome) w.WriteString("native_outcome", outcome);
        if (trace.Metadata is { } metadata)
        {
            w.WritePropertyName("metadata");
            metadata.WriteTo(w);
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        return null;
    }

    private static void WriteAgent(Utf8JsonWriter w, Message m, IReadOnlyList<Action> actions, CallMatcher matcher, HashSet<string> callIds)
    {
        if (m.Thinking is { } thinking) w.WriteString("reasoning_content", thinking);
        var original = actions.Select(a => a.Id ?? matcher.CallIdOf(a)).ToList();
        var ids = actions.Select((a, i) => UniqueId(original[i], a.Index, callIds)).ToList();
        if (actions.Count > 0)
        {
            w.WriteStartArray("tool_calls");
            for (var i = 0; i < actions.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("tool_call_id", ids[i]);
                w.WriteString("function_name", actions[i].Name);
                w.WritePropertyName("arguments");
                if (actions[i].Arguments is { ValueKind: JsonValueKind.Object } args) args.WriteTo(w);
                else
                {
                    w.WriteStartObject();
                    w.WriteString("input", actions[i].Input ?? "");
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("observation");
            w.WriteStartArray("results");
            for (var i = 0; i < actions.Count; i++)
            {
                if (actions[i].Output is not { } output) continue; // a call with no result has no observation
                w.WriteStartObject();
                w.WriteString("source_call_id", ids[i]);
                w.WriteString("content", output);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        if (m.Usage is { } usage) WriteMetrics(w, usage);
        if (actions.Count == 0) return;
        w.WriteStartObject("extra");
        w.WriteStartObject(ExtraKey);
        w.WriteStartObject("calls");
        for (var i = 0; i < actions.Count; i++)
        {
            var a = actions[i];
            w.WriteStartObject(ids[i]);
            if (original[i] is { } id && id != ids[i]) w.WriteString("id", id);
            w.WriteBoolean("failed", a.Failed);
            if (a.ExitCode is { } code) w.WriteNumber("exit_code", code);
            if (a.NativeIsError is { } flag) w.WriteBoolean("native_is_error", flag);
            if (a.Interrupted) w.WriteBoolean("interrupted", true);
            if (a.Rejected) w.WriteBoolean("rejected", true);
            if (a.Output is null) w.WriteBoolean("no_result", true);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// The call's id when no earlier call of the trajectory had it, else <c>call_&lt;index&gt;</c>: a result names its call
    /// by id (RFC 0001 ToolCallSchema: a unique identifier), so a trace whose calls repeat an id (some logs do) would
    /// pair both results with one call. The id the trace had is kept in <c>extra</c> (<c>id</c>) and read back.
    /// </summary>
    private static string UniqueId(string? id, int index, HashSet<string> used)
    {
        if (id is not null && used.Add(id)) return id;
        var fresh = "call_" + index.ToString(CultureInfo.InvariantCulture);
        for (var n = 2; !used.Add(fresh); n++) fresh = "call_" + index.ToString(CultureInfo.InvariantCulture) + "_" + n.ToString(CultureInfo.InvariantCulture);
        return fresh;
    }

    /// <summary>ATIF metrics: <c>prompt_tokens</c> is uncached input plus cache reads, <c>cached_tokens</c> the reads.</summary>
    private static void WriteMetrics(Utf8JsonWriter w, Usage u)
    {
        w.WriteStartObject("metrics");
        if (u.InputTokens is not null || u.CacheReadTokens is not null) w.WriteNumber("prompt_tokens", (u.InputTokens ?? 0) + (u.CacheReadTokens ?? 0));
        if (u.OutputTokens is { } output) w.WriteNumber("completion_tokens", output);
        if (u.CacheReadTokens is { } cached) w.WriteNumber("cached_tokens", cached);
        if (u.CostUsd is { } cost) w.WriteNumber("cost_usd", cost);
        WriteUsageExtra(w, u);
        w.WriteEndObject();
    }

    private static void WriteFinalMetrics(Utf8JsonWriter w, Usage u, int steps)
    {
        w.WriteStartObject("final_metrics");
        if (u.InputTokens is not null || u.CacheReadTokens is not null) w.WriteNumber("total_prompt_tokens", (u.InputTokens ?? 0) + (u.CacheReadTokens ?? 0));
        if (u.OutputTokens is { } output) w.WriteNumber("total_completion_tokens", output);
        if (u.CacheReadTokens is { } cached) w.WriteNumber("total_cached_tokens", cached);
        if (u.CostUsd is { } cost) w.WriteNumber("total_cost_usd", cost);
        w.WriteNumber("total_steps", steps);
        WriteUsageExtra(w, u);
        w.WriteEndObject();
    }

    /// <summary>What ATIF has no field for: cache writes and reasoning (provider extras, as the RFC puts them), calls, approximation.</summary>
    private static void WriteUsageExtra(Utf8JsonWriter w, Usage u)
    {
        if (u.CacheWriteTokens is null && u.ReasoningTokens is null && u.ApiCalls is null && !u.Approximate) return;
        w.WriteStartObject("extra");
        if (u.CacheWriteTokens is { } write) w.WriteNumber("cache_creation_input_tokens", write);
        if (u.ReasoningTokens is { } reasoning) w.WriteNumber("reasoning_tokens", reasoning);
        if (u.ApiCalls is { } calls) w.WriteNumber("api_calls", calls);
        if (u.Approximate) w.WriteBoolean("approximate", true);
        w.WriteEndObject();
    }
}
