using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// An OpenHands trajectory file (input-formats-2 §4): a JSON array of V0 events, as <c>save_trajectory_path</c> writes
/// it, or the server's <c>{"trajectory": [...]}</c>. One trace per file, id = file stem. The events are mapped by
/// <see cref="OpenHandsHistory"/>; evaluation and resolver <c>output.jsonl</c> rows are <see cref="OpenHandsOutputReader"/>.
/// </summary>
public sealed class OpenHandsReader : ITraceReader
{
    public string Format => "openhands";

    public bool OneRecordPerFile => true;

    public bool SplitsAsWholeFile => true;

    /// <summary>Read report: each event by its <c>action</c> or <c>observation</c> kind.</summary>
    public RecordTypes RecordTypes { get; } = new(["action", "observation"], [.. OpenHandsKinds.Understood, RecordTypes.NoType]) { Items = "trajectory" };

    public bool? SniffByKeys(FormatHead head) => JsonHead.NotJsonLines(head);

    /// <summary>
    /// §4 rule (a), on positive evidence: a JSON array, or an object whose only key is <c>trajectory</c>, whose items
    /// are OpenHands events (<see cref="OpenHandsKinds.IsEvent"/>). A SWE-agent step holds both an action and an
    /// observation and a mini-swe-agent message a role, so neither is one.
    /// </summary>
    public bool Sniff(FormatHead head)
    {
        if (!JsonHead.IsDocument(head)) return false;
        IReadOnlyList<JsonElement> items;
        if (head.FirstNonSpace == (byte)'[') items = JsonHead.ArrayItems(head, max: 8);
        else
        {
            var keys = JsonHead.TopLevel(head);
            if (keys.Count != 1 || keys.GetValueOrDefault("trajectory").Token != JsonTokenType.StartArray) return false;
            items = JsonHead.ArrayItems(head, "trajectory", max: 8);
        }
        return items.Count > 0 && items.All(OpenHandsKinds.IsEvent);
    }

    public IEnumerable<RawRecord> Split(Stream content, InputFile file) => WholeFile.Split(content, file);

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
    {
        using var doc = Json.Parse(record.Bytes);
        var root = doc.RootElement;
        var events = root.ValueKind switch
        {
            JsonValueKind.Array => root,
            JsonValueKind.Object when root.TryGetProperty("trajectory", out var t) && t.ValueKind == JsonValueKind.Array => t,
            JsonValueKind.Object => throw NoRecordOfFormat.Error(record, Format, "the document is neither an array of events nor has a 'trajectory' array"),
            _ => throw new BadRecordException($"an OpenHands trajectory is a JSON array or object, not {Json.Kind(root)}"),
        };
        if (events.GetArrayLength() > 0 && !events.EnumerateArray().Any(e => OpenHandsEvent.From(e) is not null))
            throw NoRecordOfFormat.Error(record, Format, "no item is an event with an 'action' or 'observation'");
        return [OpenHandsTrace.Build(Format, FileStem.Of(record.File.Path), OpenHandsHistory.Read(events), row: null)];
    }
}
