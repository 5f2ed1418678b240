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
        w.WriteNumber("records", r.Records);
        Counts(w, "types", r.Types);
        Counts(w, "types_not_understood", r.NotUnderstood);
        Counts(w, "versions", r.Versions);
        w.WriteNumber("lines_skipped", r.LinesSkipped);
        Counts(w, "skipped_by_reason", r.SkippedByReason);
        Positions(w, "skipped_lines", r.Skipped, withReason: true);
        w.WriteNumber("lines_split", r.LinesSplit);
        Positions(w, "split_lines", r.Split, withReason: false);
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

    private static void Counts(Utf8JsonWriter w, string name, SortedDictionary<string, long> counts)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in counts) w.WriteNumber(key, value);
        w.WriteEndObject();
    }

    private static void Positions(Utf8JsonWriter w, string name, List<LineIssue> issues, bool withReason)
    {
        w.WriteStartArray(name);
        foreach (var i in issues)
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

    private static void ReadCounts(JsonElement e, string name, SortedDictionary<string, long> into)
    {
        foreach (var p in e.GetProperty(name).EnumerateObject()) into[p.Name] = p.Value.GetInt64();
    }
}
