using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// What a trace does not read of its group's lines: the turns of branches the session abandoned (a rewind or an edited
/// prompt leaves the old branch in the file). Their messages and calls are not in the trace, so they are counted for
/// the user (a warning and <c>Metadata.abandoned</c>); their responses were paid for, so their usage is counted.
/// </summary>
internal sealed record ClaudeCodeAbandoned(int Lines, int ToolCalls, int UserMessages, List<ClaudeCodeMessageMerger> Responses)
{
    public static ClaudeCodeAbandoned Of(IReadOnlyList<ClaudeCodeNode> offPath)
    {
        var responses = new Dictionary<string, ClaudeCodeMessageMerger>(StringComparer.Ordinal);
        var order = new List<ClaudeCodeMessageMerger>();
        var calls = new HashSet<string>(StringComparer.Ordinal);
        var users = 0;
        foreach (var node in offPath)
        {
            if (node.Fast is { } fast)
            {
                calls.UnionWith(ClaudeCodePath.Blocks(node).Where(b => b.Type == "tool_use").Select(b => b.Id));
                if (node.Type == "user")
                {
                    if (fast.ContentText is not null || fast.Blocks.Any(b => b.Kind is ClaudeCodeFastLine.BlockKind.Text or ClaudeCodeFastLine.BlockKind.Image)) users++;
                    continue;
                }
                Response(fast.MessageId).AddLine(fast);
                continue;
            }
            if (!node.Value.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object) continue;
            calls.UnionWith(ClaudeCodePath.Blocks(node).Where(b => b.Type == "tool_use").Select(b => b.Id));
            if (node.Type == "user")
            {
                if (message.TryGetProperty("content", out var c) && (c.ValueKind == JsonValueKind.String
                    || (c.ValueKind == JsonValueKind.Array && c.EnumerateArray().Any(b => SniffFields.IsOneOf(b, "type", "text", "image"))))) users++;
                continue;
            }
            Response(Json.String(message, "id")).AddLine(message, Json.String(node.Value, "requestId"));
        }
        return new ClaudeCodeAbandoned(offPath.Count, calls.Count, users, order);

        ClaudeCodeMessageMerger Response(string? id)
        {
            if (id is not null && responses.TryGetValue(id, out var response)) return response;
            response = new ClaudeCodeMessageMerger(id, 0, null);
            if (id is not null) responses[id] = response;
            order.Add(response);
            return response;
        }
    }

    public string? Warning => Lines == 0 ? null
        : $"{Lines} line(s) on branches the session abandoned (rewind or edited prompt) are not read: {ToolCalls} tool call(s), "
          + $"{Responses.Count} response(s), {UserMessages} user message(s); their usage is counted";
}
