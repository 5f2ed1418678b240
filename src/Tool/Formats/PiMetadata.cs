using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// One entry of a Pi trace's metadata events: the element of the document its line was parsed into, or (<see cref="Raw"/>
/// not empty) the line's bytes, which the streaming pass kept instead (<see cref="PiFastLine.EntryKind.Event"/>).
/// </summary>
internal readonly record struct PiEvent(JsonElement Value, ReadOnlyMemory<byte> Raw)
{
    /// <summary>Writes the entry as its element writes itself: the line's bytes are parsed into an element first.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        if (Raw.IsEmpty)
        {
            Value.WriteTo(w);
            return;
        }
        using var doc = JsonDocument.Parse(Raw, Json.Rebuilt); // nesting as deep as the record may hold
        doc.RootElement.WriteTo(w);
    }
}

/// <summary>
/// A Pi trace's metadata (<see cref="PiContent.Metadata"/>) written when first read: building it parsed every
/// <c>thinking_level_change</c> line (a tenth of a session's lines) into a document and wrote and parsed the whole
/// metadata again, for every trace, while inspect never reads it. The header and the events that are elements are
/// copies that outlive their documents.
/// </summary>
internal sealed class PiMetadata(JsonElement header, int version, string? title, PiEvent[] events) : LazyValue<JsonElement?>
{
    protected override JsonElement? Compute() => PiContent.Metadata(header, version, title, events);
}
