using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// OpenHands evaluation and resolver <c>output.jsonl</c> (input-formats-2 §4): one run per line, its events in
/// <c>history</c>. An evaluation row (<c>EvalOutput</c>) has <c>instance_id</c>, <c>test_result</c>, <c>metrics</c>
/// and <c>error</c>; a resolver row (<c>ResolverOutput</c>) has <c>issue</c>, <c>git_patch</c> and <c>success</c>.
/// Id: <c>instance_id</c>, else the issue as <c>owner/repo#number</c>, else the file stem and line.
/// </summary>
public sealed class OpenHandsOutputReader : ITraceReader
{
    public string Format => "openhands-output";

    /// <summary>Read report: each row's <c>history</c> events by their <c>action</c> or <c>observation</c> kind.</summary>
    public RecordTypes RecordTypes { get; } = new(["action", "observation"], [.. OpenHandsKinds.Understood, RecordTypes.NoType]) { Items = "history" };

    // All stops at the first line, which a row's 'history' array must be on.
    public bool? SniffByKeys(FormatHead head) => !head.Keys.HasAtLeast(1) || head.Keys[0].Kind("history") != JsonTokenType.StartArray ? false : null;

    /// <summary>§4 rule (b): JSONL rows with a <c>history</c> array and <c>instance_id</c> + <c>test_result</c> or <c>issue</c> + <c>git_patch</c>.</summary>
    public bool Sniff(FormatHead head) => head.HasJsonLines(1) && head.JsonLines.All(IsRow); // All stops at the first line that is not a row

    private static bool IsRow(JsonElement row) =>
        SniffFields.Is(row, "history", JsonValueKind.Array)
        && ((SniffFields.Has(row, "instance_id") && SniffFields.Has(row, "test_result")) || (SniffFields.Has(row, "issue") && SniffFields.Has(row, "git_patch")));

    public IEnumerable<RawRecord> Split(Stream content, InputFile file) => JsonLines.Split(content, file);

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
    {
        using var doc = Json.Parse(record.Bytes);
        var row = doc.RootElement;
        if (row.ValueKind != JsonValueKind.Object) throw new BadRecordException($"an OpenHands output row is a JSON object, not {Json.Kind(row)}");
        if (!row.TryGetProperty("history", out var history) || history.ValueKind != JsonValueKind.Array)
            throw new BadRecordException("an OpenHands output row needs a 'history' array of events");
        return [OpenHandsTrace.Build(Format, Id(row, record), OpenHandsHistory.Read(history), row)];
    }

    private static string Id(JsonElement row, RawRecord record)
    {
        if (row.TryGetProperty("instance_id", out var id) && JsonPath.AsString(id) is { Length: > 0 } instance) return instance;
        if (OpenHandsEvent.Obj(row, "issue") is { } issue && JsonPath.GetString(issue, "number") is { } number)
            return $"{OpenHandsEvent.Str(issue, "owner")}/{OpenHandsEvent.Str(issue, "repo")}#{number}";
        return $"{FileStem.Of(record.File.Path)}#{record.Line}";
    }
}
