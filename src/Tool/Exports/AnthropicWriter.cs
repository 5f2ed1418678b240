using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: anthropic</c> (output-formats §5): Messages records, <c>{system?, tools, messages[, metadata]}</c>. Roles
/// alternate, starting with <c>user</c>. An assistant turn is one message of <c>thinking</c> (only with
/// <c>include_thinking</c>; <c>signature</c> is <c>""</c> since the canonical model keeps none), <c>text</c> and
/// <c>tool_use</c> blocks; its results are <c>tool_result</c> blocks at the start of the next user message, in call
/// order, with <c>is_error: true</c> when the source flagged the call (its own flag, else <see cref="Action.Failed"/>).
/// A trailing message of results only is dropped, so a record ends with the assistant.
/// </summary>
internal sealed class AnthropicWriter(OutputTarget target, ExportOptions options) : JsonlRecordWriter(target, options)
{
    private sealed record Block(string Type, string? Text, ChatCall? Call);

    protected override string? WriteRecord(Utf8JsonWriter w, Trace trace)
    {
        var conversation = ChatConversation.Build(trace, Options);
        if (conversation is null) return "no_assistant_turn";
        if (conversation.Turns[0].Role != Role.User) return "no_user_turn";
        var messages = new List<(Role Role, List<Block> Blocks)>();
        foreach (var turn in conversation.Turns)
        {
            if (turn.Role == Role.User)
            {
                if (messages.Count > 0 && messages[^1].Role == Role.User) messages[^1].Blocks.Add(new Block("text", turn.Text, null));
                else messages.Add((Role.User, [new Block("text", turn.Text, null)]));
                continue;
            }
            var blocks = new List<Block>();
            if (turn.Thinking is { } thinking) blocks.Add(new Block("thinking", thinking, null));
            if (turn.Text is { } text) blocks.Add(new Block("text", text, null));
            blocks.AddRange(turn.Calls.Select(c => new Block("tool_use", null, c)));
            messages.Add((Role.Assistant, blocks));
            if (turn.Calls.Count > 0) messages.Add((Role.User, turn.Calls.Select(c => new Block("tool_result", null, c)).ToList()));
        }
        if (messages[^1].Role == Role.User) messages.RemoveAt(messages.Count - 1); // results of the last calls only

        w.WriteStartObject();
        if (conversation.System is { } system) w.WriteString("system", system);
        w.WriteStartArray("tools");
        foreach (var schema in ToolSchemas.Infer(conversation.Calls))
        {
            w.WriteStartObject();
            w.WriteString("name", schema.Name);
            w.WriteString("description", "");
            w.WritePropertyName("input_schema");
            ToolSchemas.WriteParameters(w, schema);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("messages");
        foreach (var (role, blocks) in messages)
        {
            w.WriteStartObject();
            w.WriteString("role", role == Role.User ? "user" : "assistant");
            if (role == Role.User && blocks is [{ Type: "text" } only]) w.WriteString("content", only.Text);
            else
            {
                w.WriteStartArray("content");
                foreach (var block in blocks) WriteBlock(w, block);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteMetadataIfAsked(w, trace);
        w.WriteEndObject();
        return null;
    }

    private static void WriteBlock(Utf8JsonWriter w, Block block)
    {
        w.WriteStartObject();
        w.WriteString("type", block.Type);
        switch (block.Type)
        {
            case "text":
                w.WriteString("text", block.Text);
                break;
            case "thinking":
                w.WriteString("thinking", block.Text);
                w.WriteString("signature", "");
                break;
            case "tool_use":
                w.WriteString("id", block.Call!.Id);
                w.WriteString("name", block.Call.Name);
                w.WritePropertyName("input");
                block.Call.Arguments.WriteTo(w);
                break;
            case "tool_result":
                w.WriteString("tool_use_id", block.Call!.Id);
                block.Call.WriteOutput(w, "content");
                if (block.Call.IsError) w.WriteBoolean("is_error", true);
                break;
        }
        w.WriteEndObject();
    }
}
