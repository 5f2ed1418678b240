using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// What a reader declares so that its files get a read report (<see cref="ReadReport"/>): where a record's type and the
/// writing agent's version are, and which types it understands. The reader declares; the counting is done in one place
/// (<see cref="ReadReport.Count"/>), so a reader never counts for itself. Every path is a dotted path into one record
/// (<see cref="JsonPath"/>).
/// </summary>
/// <example>
/// <code>
/// public RecordTypes RecordTypes { get; } = new(["type", "payload.type"], ["session_meta", "response_item/message"])
/// {
///     VersionFields = ["payload.cli_version"],
/// };
/// </code>
/// </example>
public sealed record RecordTypes
{
    /// <param name="typeFields">
    /// The fields whose string values, joined by <c>/</c>, name a record's type: <c>["type"]</c> gives <c>assistant</c>,
    /// <c>["type", "payload.type"]</c> gives <c>response_item/message</c> (or <c>session_meta</c> when the payload has no type).
    /// </param>
    /// <param name="understood">
    /// The types this reader maps, or deliberately leaves aside as the format's documentation says (a snapshot, a
    /// duplicate): any other type seen is counted as not understood. A record with none of the type fields has the type
    /// <see cref="NoType"/>.
    /// </param>
    public RecordTypes(IReadOnlyList<string> typeFields, IEnumerable<string> understood)
    {
        TypeFields = typeFields;
        Understood = new HashSet<string>(understood, StringComparer.Ordinal);
    }

    /// <summary>The type of a record that has none of the type fields.</summary>
    public const string NoType = "(none)";

    public IReadOnlyList<string> TypeFields
    {
        get;
        private init
        {
            field = value;
            _typePaths = [.. value.Select(p => p.Split('.'))];
        }
    }

    public IReadOnlySet<string> Understood { get; }

    /// <summary>Fields holding the version of the agent or CLI that wrote the record (Claude Code <c>version</c>).</summary>
    public IReadOnlyList<string> VersionFields
    {
        get;
        init
        {
            field = value;
            _versionPaths = [.. value.Select(p => p.Split('.'))];
        }
    } = [];

    // The dotted paths cut once, not on every record of every file.
    private string[][] _typePaths = [];
    private string[][] _versionPaths = [];

    /// <summary>
    /// For a format whose file is one JSON document: the array of the document that holds the records (mini-swe-agent
    /// <c>messages</c>); a document that is itself an array is that array. Null for line formats (each line is a record).
    /// </summary>
    public string? Items { get; init; }

    /// <summary>The type of one record, as the type fields name it.</summary>
    public string TypeOf(JsonElement record)
    {
        string? type = null;
        foreach (var path in _typePaths)
        {
            if (Get(record, path) is not { ValueKind: JsonValueKind.String } value) continue;
            type = type is null ? value.GetString() : type + "/" + value.GetString();
        }
        return type ?? NoType;
    }

    /// <summary>The versions one record names (usually none or one), as text.</summary>
    public IEnumerable<string> VersionsOf(JsonElement record)
    {
        foreach (var path in _versionPaths)
            if (Get(record, path) is { } value && JsonPath.AsString(value) is { Length: > 0 } version) yield return version;
    }

    private static JsonElement? Get(JsonElement record, string[] path)
    {
        var current = record;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
        }
        return current;
    }
}
