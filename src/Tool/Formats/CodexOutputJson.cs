using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// A tool output written as a JSON object (<c>{"output": …, "metadata": {"exit_code": 0, "duration_seconds": 0.1}}</c>):
/// its exit code and wall time, read in one <see cref="Utf8JsonReader"/> pass over the text's UTF-8, where a
/// <see cref="JsonDocument"/> was built for every such output. It answers as that document did: a name is compared
/// unescaped and the last of two equal names is the one read; the whole text must be one JSON value, or there is no
/// code and no time. A text with a surrogate is left to the document (which refuses a lone one its own way).
/// </summary>
internal static class CodexOutputJson
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = Json.Rebuilt.MaxDepth };

    /// <summary>False when the text holds a surrogate (the caller reads it as a document).</summary>
    public static bool CanRead(string text) => text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0;

    /// <summary>The <c>metadata</c> object's <c>exit_code</c> (an int) and <c>duration_seconds</c> (finite, not negative); true when there is a code.</summary>
    public static bool Read(string text, out int? code, out TimeSpan? duration)
    {
        code = null;
        duration = null;
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(text));
        try
        {
            var reader = new Utf8JsonReader(bytes.AsSpan(0, Encoding.UTF8.GetBytes(text, bytes)), Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                while (reader.Read()) { } // anything after the value is bad JSON, which throws
                return false;
            }
            var (metaIsObject, seconds, exit) = (false, (double?)null, (int?)null);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMeta = reader.ValueTextEquals("metadata"u8);
                reader.Read();
                if (!isMeta)
                {
                    reader.Skip();
                    continue;
                }
                (metaIsObject, seconds, exit) = (reader.TokenType == JsonTokenType.StartObject, null, null); // the last "metadata" is the one read
                if (metaIsObject) Metadata(ref reader, ref seconds, ref exit);
                else reader.Skip();
            }
            while (reader.Read()) { }
            if (!metaIsObject) return false;
            if (seconds is { } s && double.IsFinite(s) && s >= 0) duration = Seconds.ToTimeSpan(s);
            code = exit;
            return code is not null;
        }
        catch (JsonException)
        {
            code = null;
            duration = null;
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The last <c>duration_seconds</c> and <c>exit_code</c> of one metadata object (null where the last is not a number that fits).</summary>
    private static void Metadata(ref Utf8JsonReader reader, ref double? seconds, ref int? exit)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueTextEquals("duration_seconds"u8) ? 1 : reader.ValueTextEquals("exit_code"u8) ? 2 : 0;
            reader.Read();
            var number = reader.TokenType == JsonTokenType.Number;
            if (field == 1) seconds = number && reader.TryGetDouble(out var d) ? d : null;
            else if (field == 2) exit = number && reader.TryGetInt32(out var e) ? e : null;
            reader.Skip(); // a container's whole value; nothing for a scalar
        }
    }
}
