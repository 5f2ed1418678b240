using System.Text.Json;
using System.Text.RegularExpressions;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Actions written inside the assistant's text (input-formats-2 §1 "Mapping"), for rows with no structured call at all:
/// SWE-smith's <c>&lt;function=NAME&gt;&lt;parameter=P&gt;…&lt;/parameter&gt;&lt;/function&gt;</c>, and in SWE-agent-style
/// <c>{role, text}</c> turns the last fenced code block (the command after the DISCUSSION). One call per assistant
/// message; the user message right after it is its result and becomes a tool message.
/// </summary>
internal static partial class ChatRowInlineActions
{
    public static List<ChatRowMessage> Apply(List<ChatRowMessage> messages)
    {
        if (messages.Any(m => m.Calls.Count > 0 || m.Role == Role.Tool)) return messages;
        var result = new List<ChatRowMessage>(messages.Count);
        string? open = null;
        foreach (var m in messages)
        {
            if (m.Role == Role.Assistant)
            {
                var call = Call(m, result.Count(x => x.Calls.Count > 0));
                open = call?.Id;
                result.Add(call is null ? m : m with { Calls = [call] });
                continue;
            }
            if (m.Role == Role.User && open is not null)
            {
                result.Add(new ChatRowMessage(Role.Tool, m.Text) { ToolCallId = open });
                open = null;
                continue;
            }
            open = null;
            result.Add(m);
        }
        return result;
    }

    private static ChatRowCall? Call(ChatRowMessage m, int index)
    {
        if (m.Text is not { } text) return null;
        var id = $"call_{index}";
        if (XmlCall().Match(text) is { Success: true } xml)
        {
            var args = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match p in XmlParameter().Matches(xml.Groups["body"].Value)) args[p.Groups["name"].Value] = p.Groups["value"].Value.Trim('\n');
            var element = JsonSerializer.SerializeToElement(args);
            return new ChatRowCall(id, xml.Groups["name"].Value, element, ChatRowMessages.Compact(element));
        }
        if (!m.TextTurn) return null;
        Match? last = null;
        foreach (Match block in Fenced().Matches(text)) last = block;
        if (last is null) return null;
        var command = last.Groups["code"].Value.TrimEnd('\n');
        var arguments = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["command"] = command });
        return new ChatRowCall(id, "bash", arguments, command);
    }

    [GeneratedRegex(@"<function=(?<name>[^>\s]+)>(?<body>.*?)</function>", RegexOptions.Singleline)]
    private static partial Regex XmlCall();

    [GeneratedRegex(@"<parameter=(?<name>[^>\s]+)>(?<value>.*?)</parameter>", RegexOptions.Singleline)]
    private static partial Regex XmlParameter();

    [GeneratedRegex(@"^```[A-Za-z0-9_-]*\n(?<code>.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Fenced();
}
