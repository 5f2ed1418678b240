using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: trl</c> (output-formats §7): Hugging Face TRL's conversational format with tools, <c>{messages, tools[,
/// metadata]}</c>. Like <c>openai</c>, but <c>arguments</c> is an object, an assistant turn with only calls has
/// <c>content: ""</c>, and tool messages carry the tool's <c>name</c> as well as <c>tool_call_id</c>. Thinking
/// (<c>include_thinking</c>) goes in the key named by <c>thinking_field</c> (default <c>reasoning_content</c>).
/// </summary>
internal sealed class TrlWriter(OutputTarget target, ExportOptions options) : JsonlRecordWriter(target, options)
{
    private readonly string _thinkingField = options.Get("thinking_field") ?? "reasoning_content";

    protected override string? WriteRecord(Utf8JsonWriter w, Trace trace)
    {
        var conversation = ChatConversation.Build(trace, Options);
        if (conversation is null) return "no_assistant_turn";
        w.WriteStartObject();
        w.WriteStartArray("messages");
        if (conversation.System is { } system) Message(w, "system", system);
        foreach (var turn in conversation.Turns)
        {
            if (turn.Role == Role.User) { Message(w, "user", turn.Text); continue; }
            w.WriteStartObject();
            w.WriteString("role", "assistant");
            w.WriteString("content", turn.Text ?? "");
            if (turn.Thinking is { } thinking) w.WriteString(_thinkingField, thinking);
            if (turn.Calls.Count > 0)
            {
                w.WriteStartArray("tool_calls");
                foreach (var call in turn.Calls)
                {
                    w.WriteStartObject();
                    w.WriteString("id", call.Id);
                    w.WriteString("type", "function");
                    w.WriteStartObject("function");
                    w.WriteString("name", call.Name);
                    w.WritePropertyName("arguments");
                    call.Arguments.WriteTo(w);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
            foreach (var call in turn.Calls)
            {
                w.WriteStartObject();
                w.WriteString("role", "tool");
                w.WriteString("name", call.Name);
                w.WriteString("tool_call_id", call.Id);
                call.WriteOutput(w, "content");
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
        OpenAiWriter.WriteTools(w, conversation);
        WriteMetadataIfAsked(w, trace);
        w.WriteEndObject();
        return null;
    }

    private static void Message(Utf8JsonWriter w, string role, string? content)
    {
        w.WriteStartObject();
        w.WriteString("role", role);
        w.WriteString("content", content);
        w.WriteEndObject();
    }
}
