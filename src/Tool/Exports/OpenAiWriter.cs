using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: openai</c> (output-formats §4): chat fine-tuning JSONL, <c>{messages, tools, parallel_tool_calls[,
/// metadata]}</c>. Assistant calls are <c>tool_calls</c> whose <c>arguments</c> is a JSON string; each call's result is a
/// <c>tool</c> message with its <c>tool_call_id</c>, right after the assistant message, in call order. So that no call is
/// left unanswered, a record whose last assistant turn made calls ends with their tool messages. Options:
/// <c>include_thinking</c> (as <c>reasoning_content</c>), <c>mask_errors: true</c> (<c>weight: 0</c> on assistant messages
/// whose calls failed).
/// </summary>
internal sealed class OpenAiWriter(OutputTarget target, ExportOptions options) : JsonlRecordWriter(target, options)
{
    private readonly bool _maskErrors = options.Get("mask_errors") == "true";

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
            WriterVerbatim.WriteString(w, "content", turn.Text); // null when the turn holds only calls
            if (turn.Thinking is { } thinking) WriterVerbatim.WriteString(w, "reasoning_content", thinking);
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
                    call.WriteArgumentsString(w, "arguments");
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            if (_maskErrors && turn.Calls.Any(c => c.Action.Failed)) w.WriteNumber("weight", 0);
            w.WriteEndObject();
            foreach (var call in turn.Calls)
            {
                w.WriteStartObject();
                w.WriteString("role", "tool");
                w.WriteString("tool_call_id", call.Id);
                call.WriteOutput(w, "content");
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
        WriteTools(w, conversation);
        w.WriteBoolean("parallel_tool_calls", conversation.HasParallelCalls);
        WriteMetadataIfAsked(w, trace);
        w.WriteEndObject();
        return null;
    }

    /// <summary><c>tools</c> in the function-wrapper shape shared by OpenAI and TRL.</summary>
    internal static void WriteTools(Utf8JsonWriter w, ChatConversation conversation)
    {
        w.WriteStartArray("tools");
        foreach (var schema in ToolSchemas.Infer(conversation.Calls))
        {
            w.WriteStartObject();
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", schema.Name);
            w.WriteString("description", "");
            w.WritePropertyName("parameters");
            ToolSchemas.WriteParameters(w, schema);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Message(Utf8JsonWriter w, string role, string? content)
    {
        w.WriteStartObject();
        w.WriteString("role", role);
        WriterVerbatim.WriteString(w, "content", content);
        w.WriteEndObject();
    }
}
