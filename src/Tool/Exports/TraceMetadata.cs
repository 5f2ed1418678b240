using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// The <c>metadata</c> object of output-formats §1.2, written with <c>include_metadata</c>, led by the trace's <c>id</c>
/// (an extension). Unknown values are null, never 0. <c>source.path</c> is the input's file name only, so records do not depend on where the run happened;
/// <c>recipe</c> is left to the manifest (which holds the recipe hash); <c>native</c> (an extension) is the trace's own
/// metadata object as the format wrote it. A trace spawned from another (a sub-agent, a fork) also says so:
/// <c>kind</c>, <c>parent_id</c> (the parent trace's id) and <c>parent_call_id</c> (the parent's call that started it,
/// null when unknown); these keys are absent on a main session's record.
/// </summary>
internal static class TraceMetadata
{
    public static void Write(Utf8JsonWriter w, Trace t)
    {
        w.WriteStartObject("metadata");
        w.WriteString("id", t.Id); // an extension: the chat formats have no id of their own, and parent_id names one
        w.WriteString("format", t.Format);
        w.WriteString("agent", t.Agent);
        w.WriteString("model", t.Model);
        w.WriteStartArray("models");
        foreach (var m in t.Models) w.WriteStringValue(m);
        w.WriteEndArray();
        if (t.StartedAt is { } started) w.WriteString("started_at", TraceJsonWriter.FormatTime(started)); else w.WriteNull("started_at");
        if (t.Duration is { } d) w.WriteNumber("duration_ms", Math.Round(d.TotalMilliseconds, 4)); else w.WriteNull("duration_ms");
        w.WriteNumber("n_actions", t.Actions.Count);
        w.WriteNumber("n_failed", t.Actions.Count(a => a.Failed));
        w.WriteNumber("n_interrupted", t.Actions.Count(a => a.Interrupted));
        w.WritePropertyName("usage");
        TraceJsonWriter.WriteUsage(w, t.Usage);
        w.WriteString("outcome", OutcomeName(t.Outcome));
        w.WriteStartArray("outcome_evidence");
        foreach (var code in (t.OutcomeEvidence ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)) w.WriteStringValue(code);
        w.WriteEndArray();
        w.WriteStartArray("recoveries");
        foreach (var r in t.Recoveries)
        {
            w.WriteStartObject();
            w.WriteNumber("failed", r.Failed);
            w.WriteNumber("recovered_by", r.RecoveredBy);
            w.WriteString("strength", r.Strength == RecoveryStrength.Strong ? "strong" : "weak");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("source");
        if (t.Source.Path.Length > 0) w.WriteString("path", Path.GetFileName(t.Source.Path)); else w.WriteNull("path");
        w.WriteEndObject();
        if (t.Kind != TraceKind.Main) w.WriteString("kind", KindName(t.Kind));
        if (t.ParentId is { } parent)
        {
            w.WriteString("parent_id", parent);
            w.WriteString("parent_call_id", Subagents.ParentCallId(t));
        }
        w.WritePropertyName("native");
        if (t.Metadata is { } native) native.WriteTo(w); else w.WriteNullValue();
        w.WriteEndObject();
    }

    /// <summary>The trace schema's spelling of a kind (<c>subagent</c>, <c>warmup</c>, <c>fork</c>).</summary>
    public static string KindName(TraceKind kind) => kind switch
    {
        TraceKind.Subagent => "subagent",
        TraceKind.Warmup => "warmup",
        TraceKind.Fork => "fork",
        _ => "main",
    };

    public static string OutcomeName(Outcome o) => o switch
    {
        Outcome.Success => "success",
        Outcome.Failure => "failure",
        _ => "unknown",
    };
}
