using System.Text;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Support;

/// <summary>
/// Spellings of one string as a JSON string literal, for tests that check a piece of code reads or copies every valid
/// spelling alike: the one the tool's outputs write, and a random hand-escaped one.
/// </summary>
public static class JsonStringSpellings
{
    /// <summary>The string as the outputs' writer spells it (<see cref="TraceJsonWriter.Options"/>).</summary>
    public static byte[] WrittenByOutputs(string text)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, TraceJsonWriter.Options)) w.WriteStringValue(text);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Quote and backslash escaped, controls and about one character in six as <c>\uXXXX</c>, half the slashes as <c>\/</c>.</summary>
    public static byte[] HandEscaped(string text, Random random)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            var u = random.Next(6) == 0;
            json.Append(c switch
            {
                _ when u || c < 0x20 => $"\\u{(int)c:x4}",
                '"' => "\\\"",
                '\\' => "\\\\",
                '/' when random.Next(2) == 0 => "\\/",
                _ => c.ToString(),
            });
        }
        return Encoding.UTF8.GetBytes(json.Append('"').ToString());
    }

    /// <summary>As JSON.stringify writes a string (Claude Code's files): short escapes for quote, backslash and \b\f\n\r\t, \u00XX for other controls, everything else raw.</summary>
    public static byte[] NodeStringify(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
            json.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\b' => "\\b", '\f' => "\\f", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return Encoding.UTF8.GetBytes(json.Append('"').ToString());
    }

    /// <summary>What <paramref name="write"/> writes, in an object with the outputs' writer, between a property before and one after.</summary>
    public static string InObject(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, TraceJsonWriter.Options))
        {
            w.WriteStartObject();
            w.WriteNumber("before", 1);
            write(w);
            w.WriteNumber("after", 2);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
