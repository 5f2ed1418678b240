using System.Buffers;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// One OpenHands run as a <see cref="Trace"/>: its events (<see cref="OpenHandsHistory"/>), and for an evaluation or
/// resolver row the row's own fields. Everything that is neither a message nor an action stays in metadata: every
/// row field but <c>history</c> (<c>instance_id</c>, <c>test_result</c>, <c>metrics</c>, <c>error</c>, <c>issue</c>,
/// <c>git_patch</c>, …), the last agent state, the <c>finish</c>/<c>reject</c> arguments and the system event's fields.
/// </summary>
internal static class OpenHandsTrace
{
    public static Trace Build(string format, string id, OpenHandsHistory h, JsonElement? row)
    {
        var times = h.Events.Select(e => e.Time).OfType<DateTimeOffset>().ToList();
        var metrics = row is { } r ? OpenHandsEvent.Obj(r, "metrics") : null;
        var model = h.Models.FirstOrDefault() ?? (row is { } rr ? JsonPath.GetString(rr, "metadata.llm_config.model") : null);
        return new Trace
        {
            Id = id,
            Format = format,
            Agent = "openhands",
            Model = model,
            Models = h.Models.Count > 0 ? h.Models : model is null ? [] : [model],
            Task = h.Task ?? (row is { } ri ? OpenHandsEvent.Str(ri, "instruction") : null),
            StartedAt = times.Count > 0 ? times.Min() : null,
            Duration = times.Count > 1 ? times.Max() - times.Min() : null,
            Messages = h.Messages,
            Actions = h.Actions,
            Usage = OpenHandsUsage.Total(h.Events, metrics),
            Metadata = Metadata(h, row),
            Turns = h.Turns,
            Cwd = h.Cwd,
            NativeOutcome = Outcome(h, row),
            Warnings = h.Warnings,
        };
    }

    /// <summary>
    /// The run's own verdict, strongest first (§4 Task, outcome): the SWE-bench report's <c>resolved</c>, the
    /// resolver's <c>success</c>, the row's <c>error</c>, an <c>error</c> agent state, then how the agent ended.
    /// </summary>
    private static string? Outcome(OpenHandsHistory h, JsonElement? row)
    {
        if (row is { } r)
        {
            var resolved = JsonPath.Get(r, "test_result.report.resolved") ?? JsonPath.Get(r, "test_result.resolved") ?? JsonPath.Get(r, "resolved");
            if (resolved is { ValueKind: JsonValueKind.True or JsonValueKind.False } v) return v.ValueKind == JsonValueKind.True ? "resolved" : "unresolved";
            if (r.TryGetProperty("success", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False)
                return s.ValueKind == JsonValueKind.True ? "resolver_success" : "resolver_failure";
            if (JsonPath.Get(r, "error") is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } error) return "error: " + JsonPath.AsString(error);
        }
        if (h.AgentState == "error") return "agent_state:error";
        if (h.Reject is not null) return "reject";
        if (h.Finish is not null) return "finish";
        return h.AgentState is { } state ? "agent_state:" + state : null;
    }

    private static JsonElement? Metadata(OpenHandsHistory h, JsonElement? row)
    {
        if (row is null && h.AgentState is null && h.Finish is null && h.Reject is null && h.System is null) return null;
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (row is { ValueKind: JsonValueKind.Object } r)
                foreach (var p in r.EnumerateObject())
                    if (!p.NameEquals("history")) p.WriteTo(w);
            if (h.AgentState is { } state) w.WriteString("agent_state", state);
            if (h.AgentStateReason is { } reason) w.WriteString("agent_state_reason", reason);
            Fields(w, "finish", h.Finish, "thought", "final_thought");
            Fields(w, "reject", h.Reject, "thought");
            Fields(w, "system", h.System, "content");
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }

    /// <summary>An event's fields under <paramref name="name"/>, without the ones already mapped to message text.</summary>
    private static void Fields(Utf8JsonWriter w, string name, OpenHandsEvent? e, params string[] mapped)
    {
        if (e is null || e.Fields.ValueKind != JsonValueKind.Object) return;
        w.WriteStartObject(name);
        foreach (var p in e.Fields.EnumerateObject())
            if (!mapped.Contains(p.Name) && !(e.Flat && p.NameEquals("action"))) p.WriteTo(w);
        w.WriteEndObject();
    }
}
