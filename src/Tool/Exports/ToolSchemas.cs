using System.Runtime.InteropServices;
using System.Text.Json;

namespace TraceCurate.Exports;

/// <summary>
/// Tool definitions inferred from one trace's calls (output-formats §0 "Tool definitions"): one schema per tool name,
/// in first-seen order; <c>properties</c> = every argument key seen, in first-seen order; <c>type</c> = the JSON kind
/// all of a key's values share (omitted when they differ); <c>required</c> = the keys present in every call.
/// </summary>
internal static class ToolSchemas
{
    internal sealed record Schema(string Name, IReadOnlyList<(string Key, string? Type)> Properties, IReadOnlyList<string> Required);

    public static IReadOnlyList<Schema> Infer(IEnumerable<ChatCall> calls)
    {
        var order = new List<string>();
        var byName = new Dictionary<string, List<IReadOnlyList<(string Key, string? Kind)>>>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            if (!byName.TryGetValue(call.Name, out var list)) { byName[call.Name] = list = []; order.Add(call.Name); }
            list.Add(call.ArgumentKinds);
        }
        var schemas = new List<Schema>(order.Count);
        foreach (var name in order) schemas.Add(Build(name, byName[name]));
        return schemas;
    }

    /// <summary>An arguments object's keys in order (repeated keys repeated) with the kind of each value.</summary>
    public static IReadOnlyList<(string Key, string? Kind)> KindsOf(JsonElement arguments)
    {
        var kinds = new List<(string Key, string? Kind)>();
        foreach (var p in arguments.EnumerateObject()) kinds.Add((p.Name, Kind(p.Value)));
        return kinds;
    }

    private static Schema Build(string name, List<IReadOnlyList<(string Key, string? Kind)>> args)
    {
        // Per key, one look-up of its position (where a dictionary of kinds and one of counts took three or four), then
        // the key's kind and count by that position; keys in first-seen order.
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>();
        var kinds = new List<string?>();
        var counts = new List<int>();
        foreach (var a in args)
        {
            for (var i = 0; i < a.Count; i++)
            {
                var (key, kind) = a[i];
                ref var position = ref CollectionsMarshal.GetValueRefOrAddDefault(at, key, out var seenBefore);
                if (!seenBefore)
                {
                    position = keys.Count;
                    keys.Add(key);
                    kinds.Add(kind);
                    counts.Add(1);
                    continue;
                }
                var seen = kinds[position];
                if (seen != kind) kinds[position] = seen is "integer" && kind is "number" || seen is "number" && kind is "integer" ? "number" : null;
                counts[position]++;
            }
        }
        // A loop, not LINQ's select into tuples, which has no precompiled code and was compiled at every run's first record.
        var properties = new List<(string Key, string? Kind)>(keys.Count);
        var required = new List<string>(keys.Count);
        for (var k = 0; k < keys.Count; k++)
        {
            properties.Add((keys[k], kinds[k]));
            if (counts[k] == args.Count) required.Add(keys[k]);
        }
        return new Schema(name, properties, required);
    }

    internal static string? Kind(JsonElement v) => KindName(v.ValueKind, v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _));

    /// <summary>
    /// The JSON Schema type of a value of this kind, a number being an integer when it reads as a whole Int64: the one
    /// table of these names, for a parsed element (<see cref="Kind"/>) and for a value read token by token
    /// (<see cref="VerbatimArguments"/>), whose schemas must come out the same.
    /// </summary>
    internal static string KindName(JsonValueKind kind, bool wholeNumber) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => wholeNumber ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    /// <summary>Writes the JSON Schema object: <c>{"type":"object","properties":{…},"required":[…]}</c>.</summary>
    public static void WriteParameters(Utf8JsonWriter w, Schema s)
    {
        w.WriteStartObject();
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        foreach (var (key, type) in s.Properties)
        {
            w.WriteStartObject(key);
            if (type is not null and not "null") w.WriteString("type", type);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartArray("required");
        foreach (var key in s.Required) w.WriteStringValue(key);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
