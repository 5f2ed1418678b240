using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Lazy values that decode a JSON value of a record only when a step or writer reads it, straight from the record's
/// own bytes (which the trace keeps anyway for <c>format: original</c>). Types are still checked when the record is
/// parsed, so a wrong type remains a bad record, not a late surprise.
/// </summary>
internal static class LazyJson
{
    /// <summary>
    /// Strings shorter than this are decoded at once: the string costs no more than the lazy object that would stand
    /// for it (a <see cref="Utf8JsonText"/> is about 56 bytes; a string of 16 characters is too).
    /// </summary>
    internal const int EagerBelowBytes = 16;

    /// <summary>Any JSON value of a record, parsed and cloned on first read.</summary>
    internal sealed class Element(ReadOnlyMemory<byte> raw) : RawJsonValue(raw)
    {
        protected override JsonElement? Compute()
        {
            using var doc = JsonDocument.Parse(raw, Json.Rebuilt); // nesting as deep as the record may hold
            return doc.RootElement.Clone();
        }
    }

    /// <summary>A string that holds JSON (OpenAI's <c>arguments</c>), parsed on first read; null when it is not JSON.</summary>
    internal sealed class ParsedString(Utf8JsonText text) : LazyValue<JsonElement?>
    {
        protected override JsonElement? Compute() => Json.ParseOrNull(text.Decode());
    }
}
