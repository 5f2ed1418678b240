using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// The steps of a <c>.traj</c> file (input-formats §6): from <c>trajectory[]</c>, whose shape is the same in every
/// version, or, for demonstration files that hold only <c>history</c>, from its assistant entries (<c>thought</c>,
/// <c>action</c>) each followed by its observation. <c>state</c> is a JSON string in 0.x and an object in 1.x.
/// </summary>
internal sealed record SweAgentStep(string? Thought, string? Thinking, string Action, string Name, string? Observation,
    string? CallId, JsonElement? Arguments, TimeSpan? ExecutionTime, string? WorkingDir)
{
    public static SweAgentStep Of(string? thought, string? action, string? observation, JsonElement? state, double? seconds, JsonElement? assistant)
    {
        var command = action ?? "";
        var call = assistant is { } a ? FirstToolCall(a) : null;
        // The name is the command's first word even under function calling, where the tool is often just "bash" (§6):
        // recovery keys and tool families need "python", "edit", "submit".
        var name = FirstWord(command);
        JsonElement? arguments = null;
        if (call is { } f && f.TryGetProperty("arguments", out var raw))
            arguments = raw.ValueKind == JsonValueKind.String ? Json.ParseOrNull(raw.GetString()) : raw.ValueKind == JsonValueKind.Object ? raw.Clone() : null;
        return new SweAgentStep(thought, assistant is { } h ? ThinkingOf(h) : null, command, name, observation,
            assistant is { } e ? ToolCallId(e) : null, arguments,
            seconds is { } s && s >= 0 ? Seconds.ToTimeSpan(s) : null, WorkingDirOf(state));
    }

    /// <summary>The tool name: the command's first word (<c>edit</c>, <c>open</c>, <c>python</c>, <c>submit</c>).</summary>
    private static string FirstWord(string action)
    {
        var trimmed = action.TrimStart();
        var end = trimmed.IndexOfAny([' ', '\t', '\r', '\n']);
        var word = end < 0 ? trimmed : trimmed[..end];
        return word.Length > 0 ? word : "(empty)";
    }

    private static JsonElement? FirstToolCall(JsonElement assistant)
    {
        if (!assistant.TryGetProperty("tool_calls", out var calls) || calls.ValueKind != JsonValueKind.Array || calls.GetArrayLength() == 0) return null;
        var call = calls[0];
        return call.ValueKind == JsonValueKind.Object && call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : null;
    }

    private static string? ToolCallId(JsonElement assistant) =>
        assistant.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0
        && calls[0].ValueKind == JsonValueKind.Object && calls[0].TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    private static string? ThinkingOf(JsonElement assistant)
    {
        if (!assistant.TryGetProperty("thinking_blocks", out var blocks) || blocks.ValueKind != JsonValueKind.Array) return null;
        var texts = blocks.EnumerateArray()
            .Where(b => b.ValueKind == JsonValueKind.Object && b.TryGetProperty("thinking", out var t) && t.ValueKind == JsonValueKind.String)
            .Select(b => b.GetProperty("thinking").GetString()).ToList();
        return texts.Count > 0 ? string.Join("\n\n", texts) : null;
    }

    private static string? WorkingDirOf(JsonElement? state)
    {
        if (state is not { } s) return null;
        if (s.ValueKind == JsonValueKind.String && Json.ParseOrNull(s.GetString()) is { ValueKind: JsonValueKind.Object } parsed) s = parsed;
        return s.ValueKind == JsonValueKind.Object && s.TryGetProperty("working_dir", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
    }
}

internal static class SweAgentSteps
{
    public static IReadOnlyList<SweAgentStep> Read(JsonElement root, SweAgentHistory history, List<string> warnings)
    {
        var assistant = history.Assistant;
        if (root.TryGetProperty("trajectory", out var trajectory) && trajectory.ValueKind == JsonValueKind.Array)
        {
            var count = trajectory.GetArrayLength();
            if (assistant.Count > count)
                warnings.Add($"history has {assistant.Count} assistant entries for {count} trajectory steps; extra entries ignored");
            var steps = new List<SweAgentStep>(count);
            var k = 0;
            foreach (var step in trajectory.EnumerateArray())
            {
                if (step.ValueKind != JsonValueKind.Object)
                    throw new Diagnostics.BadRecordException($"trajectory[{k}] must be an object, not {Json.Kind(step)}");
                steps.Add(SweAgentStep.Of(Json.String(step, "thought"), Json.String(step, "action"), Json.String(step, "observation"),
                    step.TryGetProperty("state", out var state) ? state : null, Json.Number(step, "execution_time"),
                    Paired(assistant, k, Json.String(step, "action"))));
                k++;
            }
            return steps;
        }
        return FromHistory(root);
    }

    /// <summary>
    /// The history entry of step k lends its tool-call id and thinking only when it made the same action: a run that
    /// ends on <c>submit</c> often has no history entry for that last step.
    /// </summary>
    private static JsonElement? Paired(IReadOnlyList<JsonElement> assistant, int k, string? action) =>
        k < assistant.Count && Json.String(assistant[k], "action") is { } a && a.Trim() == (action ?? "").Trim() ? assistant[k] : null;

    /// <summary>Demonstration files (only <c>history</c>): each non-demo assistant entry with an action, then the next entry's content.</summary>
    private static IReadOnlyList<SweAgentStep> FromHistory(JsonElement root)
    {
        var entries = Json.Array(root, "history").Where(e => e.ValueKind == JsonValueKind.Object).ToList();
        var steps = new List<SweAgentStep>();
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (Json.String(e, "role") != "assistant" || Json.String(e, "action") is not { } action) continue;
            var next = i + 1 < entries.Count && Json.String(entries[i + 1], "role") is "user" or "tool" ? SweAgentHistory.Text(entries[i + 1]) : null;
            steps.Add(SweAgentStep.Of(Json.String(e, "thought"), action, next, null, null, e));
        }
        return steps;
    }
}
