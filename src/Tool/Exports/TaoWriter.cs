using System.Text;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: tao</c> (output-formats §2): <c>{id, text}</c>, the trajectory rendered as ReAct text, one element per
/// line: <c>Task:</c>, <c>Thought:</c>, <c>Action: Tool(k="v", …)</c>, <c>Observation:</c>, <c>User:</c>. Argument
/// values are compact JSON, so a multi-line argument stays on one line. A continuation line that starts like an
/// element prefix gets one leading space, so the text can be parsed back. <c>tao_style: react</c> writes LangChain's
/// <c>Action:</c> / <c>Action Input:</c> pair and a <c>Final Answer:</c>.
/// </summary>
internal sealed class TaoWriter(OutputTarget target, ExportOptions options) : JsonlRecordWriter(target, options)
{
    private static readonly string[] Prefixes = ["Task: ", "Thought: ", "Action: ", "Action Input: ", "Observation: ", "User: ", "Final Answer: ", "Subagent: "];
    private readonly bool _react = options.Get("tao_style") == "react";

    protected override string? WriteRecord(Utf8JsonWriter w, Trace trace) => WriteRecord(w, trace, [], []);

    /// <summary>
    /// With sub-agents to inline, each one follows the observation of the call that started it as one element
    /// <c>Subagent: &lt;its id&gt;</c> whose following lines are the sub-agent's own text indented by two spaces, so the
    /// block parses back as one element (docs/exports.md, "Sub-agents").
    /// </summary>
    protected override string? WriteRecord(Utf8JsonWriter w, Trace trace, IReadOnlyList<Trace> subagents, List<Trace> inlined)
    {
        var conversation = ChatConversation.Build(trace, Options, subagents, inlined);
        if (conversation is null) return "no_assistant_turn";
        w.WriteStartObject();
        w.WriteString("id", trace.Id);
        w.WriteString("text", Text(conversation));
        WriteMetadataIfAsked(w, trace);
        w.WriteEndObject();
        return null;
    }

    private string Text(ChatConversation conversation)
    {
        var text = new StringBuilder();
        var turns = conversation.Turns;
        for (var i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            if (turn.Role == Role.User)
            {
                Line(text, i == 0 ? "Task: " : "User: ", turn.Text);
                continue;
            }
            var thought = Options.IncludeThinking && turn.Thinking is { } thinking ? (turn.Text is null ? thinking : thinking + "\n\n" + turn.Text) : turn.Text;
            var final = _react && i == turns.Count - 1 && turn.Calls.Count == 0;
            if (!string.IsNullOrEmpty(thought)) Line(text, final ? "Final Answer: " : "Thought: ", thought);
            foreach (var call in turn.Calls)
            {
                if (_react)
                {
                    Line(text, "Action: ", call.Name);
                    Line(text, "Action Input: ", ChatConversation.Compact(call.Arguments));
                }
                else
                {
                    var args = string.Join(", ", call.Arguments.EnumerateObject().Select(p => p.Name + "=" + ChatConversation.Compact(p.Value)));
                    Line(text, "Action: ", $"{call.Name}({args})");
                }
                Line(text, "Observation: ", call.Output);
                foreach (var subagent in call.Subagents)
                {
                    text.Append('\n').Append("Subagent: ").Append(subagent.Trace.Id);
                    foreach (var line in Text(subagent.Conversation).Split('\n')) text.Append("\n  ").Append(line);
                }
            }
        }
        return text.ToString();
    }

    private static void Line(StringBuilder text, string prefix, string? content)
    {
        if (text.Length > 0) text.Append('\n');
        text.Append(prefix);
        var lines = (content ?? "").Split('\n');
        text.Append(lines[0]);
        for (var i = 1; i < lines.Length; i++)
        {
            text.Append('\n');
            if (Prefixes.Any(p => lines[i].StartsWith(p, StringComparison.Ordinal))) text.Append(' ');
            text.Append(lines[i]);
        }
    }
}
