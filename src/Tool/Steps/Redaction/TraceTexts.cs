using System.Text;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Steps.Redaction;

/// <summary>
/// Every text of a trace with its field path, in a fixed order: the texts <see cref="Redactor"/> rewrites, and with
/// <c>includeRecord</c> every string of its input record (<c>original[LINE].…</c> for a JSONL session file). For the
/// identity pass, the deny rules and the scan gate, which read and never write.
/// </summary>
internal static class TraceTexts
{
    public static IEnumerable<(string Path, string Text)> Each(Trace t, bool includeRecord)
    {
        if (t.Task is { Length: > 0 } task) yield return ("task", task);
        if (t.Cwd is { Length: > 0 } cwd) yield return ("cwd", cwd);
        for (var i = 0; i < t.Messages.Count; i++)
        {
            var m = t.Messages[i];
            if (m.Text is { Length: > 0 } text) yield return ($"messages[{i}].text", text);
            if (m.Thinking is { Length: > 0 } thinking) yield return ($"messages[{i}].thinking", thinking);
            for (var j = 0; j < m.ToolCalls.Count; j++)
                foreach (var s in Strings(m.ToolCalls[j].Arguments, $"messages[{i}].tool_calls[{j}].arguments")) yield return s;
        }
        for (var i = 0; i < t.Actions.Count; i++)
        {
            var a = t.Actions[i];
            foreach (var s in Strings(a.Arguments, $"actions[{i}].arguments")) yield return s;
            if (a.Input is { Length: > 0 } input) yield return ($"actions[{i}].input", input);
            if (a.Output is { Length: > 0 } output) yield return ($"actions[{i}].output", output);
        }
        foreach (var s in Strings(t.Metadata, "metadata")) yield return s;
        if (!includeRecord || t.Source.Raw.IsEmpty) yield break;
        foreach (var s in Record(t.Source.Raw)) yield return s;
    }

    /// <summary>The strings of a record: one JSON document, or JSONL lines; a part that is not JSON as one text.</summary>
    public static IEnumerable<(string Path, string Text)> Record(ReadOnlyMemory<byte> raw)
    {
        if (Parse(raw) is { } doc)
        {
            using (doc) foreach (var s in Strings(doc.RootElement, "original").ToList()) yield return s;
            yield break;
        }
        var line = 0;
        for (var start = 0; start < raw.Length;)
        {
            line++;
            var end = raw.Span[start..].IndexOf((byte)'\n');
            var next = end < 0 ? raw.Length : start + end + 1;
            var slice = raw[start..(end < 0 ? raw.Length : start + end)];
            start = next;
            if (slice.Span.Trim(" \t\r"u8).IsEmpty) continue;
            if (Parse(slice) is { } lineDoc)
            {
                using (lineDoc) foreach (var s in Strings(lineDoc.RootElement, $"original[{line}]").ToList()) yield return s;
            }
            else yield return ($"original[{line}]", Encoding.UTF8.GetString(slice.Span));
        }
    }

    private static JsonDocument? Parse(ReadOnlyMemory<byte> raw)
    {
        try
        {
            return JsonDocument.Parse(raw, Formats.Json.Rebuilt);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<(string Path, string Text)> Strings(JsonElement? value, string path)
    {
        if (value is not { } v) yield break;
        switch (v.ValueKind)
        {
            case JsonValueKind.String:
                if (v.GetString() is { Length: > 0 } text) yield return (path, text);
                break;
            case JsonValueKind.Object:
                foreach (var p in v.EnumerateObject())
                    foreach (var s in Strings(p.Value, path + "." + p.Name)) yield return s;
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in v.EnumerateArray())
                    foreach (var s in Strings(item, $"{path}[{i++}]")) yield return s;
                break;
        }
    }
}
