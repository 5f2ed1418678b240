using System.Text;
using System.Text.Json;

namespace TraceCurate.Exports;

/// <summary>
/// A tool output over the truncation limit (§0 observation length), cut from its record bytes when they are the
/// writer's spelling (<see cref="WriterVerbatim"/>): the head, the marker line and the tail copied as the writer would
/// write <see cref="ChatConversation.Truncate"/>'s string. Outputs over the limit were decoded whole to UTF-16, cut, and
/// escaped back; in Claude Code sessions they are a few of the outputs but a third of their bytes (file reads, long
/// command outputs). Likewise an output longer in bytes than the limit but not in characters (non-ASCII text) is copied
/// whole. Any other spelling answers false, and the caller decodes as before.
/// </summary>
internal static class VerbatimTruncation
{
    [ThreadStatic] private static byte[]? t_buffer;

    /// <summary>
    /// Writes the output whose record bytes are <paramref name="quoted"/> (a JSON string, quotes included), truncated to
    /// <paramref name="max"/> characters (more than 0), as the string property <paramref name="property"/>; or writes
    /// nothing and answers false when the bytes are not the writer's spelling.
    /// </summary>
    public static bool TryWrite(Utf8JsonWriter w, string property, ReadOnlySpan<byte> quoted, int max)
    {
        var inner = quoted[1..^1];
        var total = WriterVerbatim.Walk(inner, int.MaxValue, out _);
        if (total < 0) return false;
        w.WritePropertyName(property);
        if (total <= max)
        {
            w.WriteRawValue(quoted, skipInputValidation: true);
            return true;
        }
        // Truncate's cut, in characters: the head ends and the tail starts on a character boundary (never inside a
        // surrogate pair), the head's end at or before its nominal place, the tail's start at or after it.
        var head = WriterVerbatim.Walk(inner, max * 6 / 10, out var headBytes);
        var rest = inner[headBytes..];
        var toTail = total - (max - max * 6 / 10) - head;
        var skipped = WriterVerbatim.Walk(rest, toTail, out var skippedBytes);
        if (skipped < toTail) skipped = WriterVerbatim.Walk(rest, toTail + 1, out skippedBytes);
        var marker = Encoding.UTF8.GetBytes(WriterVerbatim.Spelled(ChatConversation.TruncationMarker(skipped)));
        var tail = rest[skippedBytes..];

        var length = headBytes + marker.Length + tail.Length + 2;
        var buffer = ThreadScratch.Of(ref t_buffer, length, 1 << 14);
        var o = buffer.AsSpan();
        o[0] = (byte)'"';
        inner[..headBytes].CopyTo(o[1..]);
        marker.CopyTo(o[(1 + headBytes)..]);
        tail.CopyTo(o[(1 + headBytes + marker.Length)..]);
        o[length - 1] = (byte)'"';
        w.WriteRawValue(o[..length], skipInputValidation: true);
        return true;
    }
}
