using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: sharegpt</c> (output-formats §6): LLaMA-Factory's ShareGPT, <c>{conversations, system?, tools?[,
/// metadata]}</c> with <c>from</c> ∈ human / gpt / function_call / observation. <c>function_call</c> values are the JSON
/// string <c>{"name", "arguments": {…}}</c>; <c>tools</c> is a JSON string of <c>[{name, description, parameters}]</c>.
/// Assistant text that comes with calls has no slot and is dropped. LLaMA-Factory requires human/observation at odd
/// positions and gpt/function_call at even ones: a trailing observation is dropped, and a record that still breaks
/// the rule (user text right after a tool result) is rejected as <c>sharegpt_alternation</c>.
/// </summary>
internal sealed class ShareGptWriter(OutputTarget target, ExportOptions options) : JsonlRecordWriter(target, options)
{
    protected override string? WriteRecord(Utf8JsonWriter w, Trace trace)
    {
        var conversation = ChatConversation.Build(trace, Options);
        if (conversation is null) return "no_assistant_turn";
        var items = new List<(string From, string Value)>();
        foreach (var turn in conversation.Turns)
        {
            if (turn.Role == Role.User) { items.Add(("human", turn.Text ?? "")); continue; }
            if (turn.Calls.Count == 0) { items.Add(("gpt", turn.Text ?? "")); continue; }
            foreach (var call in turn.Calls)
            {
                items.Add(("function_call", FunctionCall(call)));
                items.Add(("observation", call.Output));
            }
        }
        if (items[^1].From == "observation") items.RemoveAt(items.Count - 1);
        if (!Alternates(items)) return "sharegpt_alternation";

        w.WriteStartObject();
        w.WriteStartArray("conversations");
        foreach (var (from, value) in items)
        {
            w.WriteStartObject();
            w.WriteString("from", from);
            w.WriteString("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (conversation.System is { } system) w.WriteString("system", system);
        var schemas = ToolSchemas.Infer(conversation.Calls);
        if (schemas.Count > 0) w.WriteString("tools", ToolsJson(schemas));
        WriteMetadataIfAsked(w, trace);
        w.WriteEndObject();
        return null;
    }

    /// <summary>The position rule: odd positions (1-based) human/observation, even ones gpt/function_call; ends even.</summary>
    internal static bool Alternates(IReadOnlyList<(string From, string Value)> items)
    {
        if (items.Count == 0 || items.Count % 2 != 0) return false;
        for (var i = 0; i < items.Count; i++)
        {
            var odd = i % 2 == 0; // index 0 is position 1
            if (odd != items[i].From is "human" or "observation") return false;
            if (items[i].From == "function_call" && (i + 1 >= items.Count || items[i + 1].From != "observation") && i != items.Count - 1) return false;
        }
        return true;
    }

    private static string FunctionCall(ChatCall call) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("name", call.Name);
        w.WritePropertyName("arguments");
        call.Arguments.WriteTo(w);
        w.WriteEndObject();
    });

    private static string ToolsJson(IReadOnlyList<ToolSchemas.Schema> schemas) => Json(w =>
    {
        w.WriteStartArray();
        foreach (var schema in schemas)
        {
            w.WriteStartObject();
            w.WriteString("name", schema.Name);
            w.WriteString("description", "");
            w.WritePropertyName("parameters");
            ToolSchemas.WriteParameters(w, schema);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, TraceCurate.Traces.TraceJsonWriter.Options)) write(w);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
