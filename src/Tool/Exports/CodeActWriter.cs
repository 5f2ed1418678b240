using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: codeact</c> (output-formats §1): <c>{session_id, task, trajectory, outcome, has_error_recovery,
/// error_recovery_spans[, metadata]}</c>. The trajectory holds thought / action / observation / user elements; each
/// recovery span runs from the action element of a failed call to the observation element of the call that recovered
/// it (inclusive, 0-based indexes into the trajectory as written), overlapping spans merged. <c>strict_101: true</c>
/// drops every key and element the proposal did not have (task, ids, error flags, user elements).
/// </summary>
internal sealed class CodeActWriter(OutputTarget target, ExportOptions options) : JsonlRecordWriter(target, options)
{
    private readonly bool _strict = options.Get("strict_101") == "true";

    protected override string? WriteRecord(Utf8JsonWriter w, Trace trace) => WriteRecord(w, trace, [], []);

    /// <summary>
    /// With sub-agents to inline, each one follows the observation of the call that started it as one element
    /// <c>{"role":"subagent","tool_use_id","session_id","task","trajectory","outcome","error_recovery_spans"}</c>, its
    /// trajectory and spans its own (docs/exports.md, "Sub-agents").
    /// </summary>
    protected override string? WriteRecord(Utf8JsonWriter w, Trace trace, IReadOnlyList<Trace> subagents, List<Trace> inlined)
    {
        var conversation = ChatConversation.Build(trace, Options, subagents, inlined);
        if (conversation is null) return "no_assistant_turn";
        w.WriteStartObject();
        w.WriteString("session_id", trace.Id);
        if (!_strict) w.WriteString("task", trace.Task);
        var spans = WriteTrajectory(w, trace, conversation);
        w.WriteString("outcome", TraceMetadata.OutcomeName(trace.Outcome));
        w.WriteBoolean("has_error_recovery", spans.Count > 0);
        WriteSpans(w, spans);
        WriteMetadataIfAsked(w, trace);
        w.WriteEndObject();
        return null;
    }

    /// <summary>Writes <c>trajectory</c> and returns the recovery spans into it (§1.3).</summary>
    private List<(int Start, int End)> WriteTrajectory(Utf8JsonWriter w, Trace trace, ChatConversation conversation)
    {
        var actionAt = new Dictionary<int, int>();
        var observationAt = new Dictionary<int, int>();
        var position = 0;
        w.WriteStartArray("trajectory");
        var first = true;
        foreach (var turn in conversation.Turns)
        {
            if (turn.Role == Role.User)
            {
                // The first user turn is the task, which has its own key (§1.1); later user text is a `user` element.
                if (!first && !_strict) { Element(w, "user", turn.Text); position++; }
                first = false;
                continue;
            }
            first = false;
            var thought = Options.IncludeThinking && turn.Thinking is { } thinking ? (turn.Text is null ? thinking : thinking + "\n\n" + turn.Text) : turn.Text;
            if (!string.IsNullOrEmpty(thought)) { Element(w, "thought", thought); position++; }
            foreach (var call in turn.Calls)
            {
                w.WriteStartObject();
                w.WriteString("role", "action");
                w.WriteString("tool", call.Name);
                w.WritePropertyName("args");
                call.Arguments.WriteTo(w);
                if (!_strict) w.WriteString("tool_use_id", call.Id);
                w.WriteEndObject();
                actionAt[call.Action.Index] = position++;

                w.WriteStartObject();
                w.WriteString("role", "observation");
                call.WriteOutput(w, "content");
                if (!_strict)
                {
                    w.WriteString("tool_use_id", call.Id);
                    w.WriteBoolean("is_error", call.Action.Failed);
                    var cls = call.Action.ErrorClass;
                    if (cls is null or ErrorClasses.None) w.WriteNull("error_class"); else w.WriteString("error_class", cls);
                }
                w.WriteEndObject();
                observationAt[call.Action.Index] = position++;

                foreach (var subagent in call.Subagents)
                {
                    w.WriteStartObject();
                    w.WriteString("role", "subagent");
                    w.WriteString("tool_use_id", call.Id);
                    w.WriteString("session_id", subagent.Trace.Id);
                    w.WriteString("task", subagent.Trace.Task);
                    var inner = WriteTrajectory(w, subagent.Trace, subagent.Conversation);
                    w.WriteString("outcome", TraceMetadata.OutcomeName(subagent.Trace.Outcome));
                    WriteSpans(w, inner);
                    w.WriteEndObject();
                    position++;
                }
            }
        }
        w.WriteEndArray();
        return Spans(trace.Recoveries, actionAt, observationAt);
    }

    private static void WriteSpans(Utf8JsonWriter w, List<(int Start, int End)> spans)
    {
        w.WriteStartArray("error_recovery_spans");
        foreach (var (start, end) in spans)
        {
            w.WriteStartArray();
            w.WriteNumberValue(start);
            w.WriteNumberValue(end);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    /// <summary>§1.3: one span per recovery whose two ends were written, sorted by start, overlapping spans merged.</summary>
    internal static List<(int Start, int End)> Spans(IReadOnlyList<Recovery> recoveries, Dictionary<int, int> actionAt, Dictionary<int, int> observationAt)
    {
        var raw = recoveries
            .Where(r => actionAt.ContainsKey(r.Failed) && observationAt.ContainsKey(r.RecoveredBy))
            .Select(r => (Start: actionAt[r.Failed], End: observationAt[r.RecoveredBy]))
            .Where(s => s.Start < s.End)
            .OrderBy(s => s.Start).ThenBy(s => s.End)
            .ToList();
        var merged = new List<(int Start, int End)>();
        foreach (var span in raw)
        {
            if (merged.Count > 0 && span.Start <= merged[^1].End) merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, span.End));
            else merged.Add(span);
        }
        return merged;
    }

    private static void Element(Utf8JsonWriter w, string role, string? content)
    {
        w.WriteStartObject();
        w.WriteString("role", role);
        w.WriteString("content", content);
        w.WriteEndObject();
    }
}
