using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Reading;

namespace TraceCurate.Manifests;

/// <summary>
/// The JSON form of a <see cref="ReadReport"/>, the same in the manifest (each input's <c>read</c>) and in
/// <c>inspect --json</c>: keys in a fixed order, counts by name in ordinal order, positions in file order.
/// </summary>
public static class ReadReportJson
{
    public static void Write(Utf8JsonWriter w, string name, ReadReport r)
    {
        w.WriteStartObject(name);
        w.WriteNumber(Key.Records, r.Records);
        Counts(w, Key.Types, r.TypesIfAny);
        Counts(w, Key.TypesNotUnderstood, r.NotUnderstoodIfAny);
        Counts(w, Key.Versions, r.VersionsIfAny);
        w.WriteNumber(Key.LinesSkipped, r.LinesSkipped);
        Counts(w, Key.SkippedByReason, r.SkippedByReasonIfAny);
        Positions(w, Key.SkippedLines, r.SkippedIfAny, withReason: true);
        w.WriteNumber(Key.LinesSplit, r.LinesSplit);
        Positions(w, Key.SplitLines, r.SplitIfAny, withReason: false);
        w.WriteEndObject();
    }

    public static ReadReport Read(JsonElement e)
    {
        var r = new ReadReport { Records = e.GetProperty("records").GetInt64() };
        ReadCounts(e, "types", r.Types);
        ReadCounts(e, "types_not_understood", r.NotUnderstood);
        ReadCounts(e, "versions", r.Versions);
        r.LinesSkipped = e.GetProperty("lines_skipped").GetInt64();
        ReadCounts(e, "skipped_by_reason", r.SkippedByReason);
        foreach (var p in e.GetProperty("skipped_lines").EnumerateArray())
            r.Skipped.Add(new LineIssue(p.GetProperty("line").GetInt64(), p.GetProperty("column").GetInt32(),
                p.GetProperty("reason").GetString() ?? "", p.GetProperty("message").GetString() ?? ""));
        r.LinesSplit = e.GetProperty("lines_split").GetInt64();
        foreach (var p in e.GetProperty("split_lines").EnumerateArray())
            r.Split.Add(new LineIssue(p.GetProperty("line").GetInt64(), 0, "several_records", p.GetProperty("message").GetString() ?? ""));
        return r;
    }

    private static void Counts(Utf8JsonWriter w, JsonEncodedText name, SortedDictionary<string, long>? counts)
    {
        w.WriteStartObject(name);
        if (counts is not null) foreach (var (key, value) in counts) w.WriteNumber(key, value);
        w.WriteEndObject();
    }

    private static void Positions(Utf8JsonWriter w, JsonEncodedText name, List<LineIssue>? issues, bool withReason)
    {
        w.WriteStartArray(name);
        foreach (var i in issues ?? NoIssues)
        {
            w.WriteStartObject();
            w.WriteNumber("line", i.Line);
            if (withReason)
            {
                w.WriteNumber("column", i.Column);
                w.WriteString("reason", i.Reason);
            }
            w.WriteString("message", i.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static readonly List<LineIssue> NoIssues = [];

    private static void ReadCounts(JsonElement e, string name, SortedDictionary<string, long> into)
    {
        foreach (var p in e.GetProperty(name).EnumerateObject()) into[p.Name] = p.Value.GetInt64();
    }

    /// <summary>
    /// The fixed keys, encoded once: <c>inspect --json</c> writes a read report per input, thousands in a Codex folder,
    /// and a key given as a string is transcoded and checked for escaping on every write. Plain ASCII, so the bytes are
    /// the same under any encoder.
    /// </summary>
    private static class Key
    {
        public static readonly JsonEncodedText Records = JsonEncodedText.Encode("records");
        public static readonly JsonEncodedText Types = JsonEncodedText.Encode("types");
        public static readonly JsonEncodedText TypesNotUnderstood = JsonEncodedText.Encode("types_not_understood");
        public static readonly JsonEncodedText Versions = JsonEncodedText.Encode("versions");
        public static readonly JsonEncodedText LinesSkipped = JsonEncodedText.Encode("lines_skipped");
        public static readonly JsonEncodedText SkippedByReason = JsonEncodedText.Encode("skipped_by_reason");
        public static readonly JsonEncodedText SkippedLines = JsonEncodedText.Encode("skipped_lines");
        public static readonly JsonEncodedText LinesSplit = JsonEncodedText.Encode("lines_split");
        public static readonly JsonEncodedText SplitLines = JsonEncodedText.Encode("split_lines");
    }
}
