using System.Buffers;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// One OpenHands V0 event (input-formats-2 §4), in either layout: current events keep an action's fields in
/// <c>args</c> and an observation's in <c>extras</c>; the old flat history (2024 resolver and eval rows) writes them
/// next to <c>action</c>/<c>observation</c> and has no <c>id</c>, <c>source</c> or <c>timestamp</c>. Tolerant by
/// design: a field of an unexpected kind reads as absent, since every event is kept whatever it holds.
/// </summary>
internal sealed class OpenHandsEvent
{
    public required JsonElement Raw { get; init; }
    public required bool IsAction { get; init; }
    /// <summary>The <c>action</c> or <c>observation</c> value: <c>run</c>, <c>edit</c>, <c>error</c>, …</summary>
    public required string Type { get; init; }
    /// <summary><c>args</c> of an action, <c>extras</c> of an observation; the event itself in the flat layout.</summary>
    public required JsonElement Fields { get; init; }
    public bool Flat { get; init; }
    public string? Source { get; init; }
    public long? Id { get; init; }
    public long? Cause { get; init; }
    public string? CallId { get; init; }
    public string? FunctionName { get; init; }
    public JsonElement? Response { get; init; }
    public DateTimeOffset? Time { get; init; }

    /// <summary>The event, or null when the item is no object with a string <c>action</c> or <c>observation</c>.</summary>
    public static OpenHandsEvent? From(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        var isAction = e.TryGetProperty("action", out var kind) && kind.ValueKind == JsonValueKind.String;
        if (!isAction && !(e.TryGetProperty("observation", out kind) && kind.ValueKind == JsonValueKind.String)) return null;
        var nested = Obj(e, isAction ? "args" : "extras");
        var tcm = Obj(e, "tool_call_metadata");
        return new OpenHandsEvent
        {
            Raw = e,
            IsAction = isAction,
            Type = kind.GetString()!,
            Fields = nested ?? e,
            Flat = nested is null && !e.TryGetProperty("source", out _),
            Source = Str(e, "source"),
            Id = Int(e, "id"),
            Cause = Int(e, "cause"),
            CallId = tcm is { } t ? Str(t, "tool_call_id") : null,
            FunctionName = tcm is { } f ? Str(f, "function_name") : null,
            Response = tcm is { } r ? Obj(r, "model_response") : null,
            Time = Str(e, "timestamp") is { } ts && DateTimeOffset.TryParse(ts, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var time) ? time : null,
        };
    }

    /// <summary>The model response's id, which every action of one response (and their observations) repeats.</summary>
    public string? ResponseId => Response is { } r ? Str(r, "id") : null;

    /// <summary>A field of the action's args or the observation's extras (or of the flat event).</summary>
    public string? Field(string name) => Str(Fields, name);

    /// <summary>The observation's text: <c>content</c>, always a top-level key in both layouts.</summary>
    public string? Content => Str(Raw, "content");

    /// <summary>
    /// The exit code of a command observation, from the three places OpenHands has kept it (§4 Errors):
    /// <c>extras.metadata.exit_code</c>, <c>extras.exit_code</c>, a flat <c>exit_code</c>; -1 means unknown (a timeout,
    /// a command still running) and reads as null.
    /// </summary>
    public int? ExitCode
    {
        get
        {
            var code = (Obj(Fields, "metadata") is { } m ? Int(m, "exit_code") : null) ?? Int(Fields, "exit_code") ?? Int(Raw, "exit_code");
            return code is { } c and not -1 and >= int.MinValue and <= int.MaxValue ? (int)c : null;
        }
    }

    /// <summary>The action's fields as the tool's arguments: <c>thought</c> (the assistant's text) and the flat layout's <c>action</c> key left out.</summary>
    public JsonElement Arguments()
    {
        var keepThought = Type == "think"; // think's one argument is the thought itself
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (Fields.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in Fields.EnumerateObject())
                {
                    if (p.NameEquals("action") && Flat) continue;
                    if (p.NameEquals("thought") && !keepThought) continue;
                    p.WriteTo(w);
                }
            }
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }

    internal static JsonElement? Obj(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static long? Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    internal static decimal? Dec(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) ? d : null;
}
