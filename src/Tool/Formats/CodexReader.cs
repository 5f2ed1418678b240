using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// OpenAI Codex CLI rollout JSONL (input-formats §5): one file is one session of <c>{timestamp, type, payload}</c>
/// lines. The file is one record (so <c>format: original</c> copies it whole); <see cref="CodexSession"/> maps the
/// lines in file order. A malformed line in the middle is a bad record naming its line; a cut last line (a writer
/// that crashed) is dropped with a trace warning, as Codex itself does.
/// </summary>
public sealed class CodexReader : ITraceReader
{
    private static readonly string[] LineTypes = ["session_meta", "turn_context", "response_item", "event_msg", "compacted"];

    /// <summary>
    /// Parts of 1 MB: the lines a part scanned are still in the cache when they are applied. On a rollout of 286 MiB,
    /// parts of 4 MB took 1.13x the CPU of one pass, parts of 1 MB or 256 KB the same CPU (8 alternating runs).
    /// </summary>
    private readonly int _partBytes = 1 << 20;

    /// <summary>The size from which a rollout is read in parts (<see cref="SessionParts.LargeBytes"/>, as other sessions).</summary>
    private readonly long _largeBytes = SessionParts.LargeBytes;

    public CodexReader()
    {
    }

    /// <param name="partBytes">About how large a part of a rollout read on several threads is (<see cref="CodexRolloutParts"/>;
    /// small in the tests, so that small files are cut in many places); a file of two parts or more is read in parts.</param>
    internal CodexReader(int partBytes) => (_partBytes, _largeBytes) = (partBytes, 2L * partBytes);

    public string Format => "codex";

    public bool OneRecordPerFile => true;

    public bool SplitsAsWholeFile => true;

    public bool SniffsFirstLines => true;

    /// <summary>
    /// Read report (input-formats §5): the line type and the payload's type. The <c>event_msg</c> copies of messages and
    /// <c>ghost_snapshot</c> items are left aside by design (docs/formats/codex.md); <c>cli_version</c> is in <c>session_meta</c>.
    /// </summary>
    public RecordTypes RecordTypes { get; } = new(["type", "payload.type"], ["session_meta", "turn_context", "compacted",
        "response_item/message", "response_item/reasoning", "response_item/function_call", "response_item/function_call_output",
        "response_item/custom_tool_call", "response_item/custom_tool_call_output", "response_item/local_shell_call", "response_item/web_search_call",
        "response_item/ghost_snapshot",
        "event_msg/token_count", "event_msg/task_complete", "event_msg/turn_aborted", "event_msg/user_message", "event_msg/agent_message",
        "event_msg/agent_reasoning",
        // A response_item without payload.type is read as a message; rollouts before September 2025 have bare items, a
        // header without a type and {"record_type":"state"} markers (CodexLegacyLine).
        "response_item", "message", "reasoning", "function_call", "function_call_output", "custom_tool_call",
        "custom_tool_call_output", "local_shell_call", "web_search_call", RecordTypes.NoType])
    {
        VersionFields = ["payload.cli_version"],
    };

    public bool? SniffByKeys(FormatHead head)
    {
        var lines = head.Keys;
        if (lines.Any(l => l.Has("timestamp") && l.IsOneOf("type", LineTypes) && l.Kind("payload") == JsonTokenType.StartObject)) return true;
        // An older-layout header has neither 'type' nor 'payload'; a head that starts with one is left to Sniff.
        if (lines.Count > 0) return lines[0].Has("type") || lines[0].Has("payload") ? false : null;
        return head.IsComplete ? false : null;
    }

    /// <summary>
    /// §9 rule 6: a line with <c>timestamp</c>, <c>type</c> (a rollout line type) and an object <c>payload</c>; or a
    /// rollout of before September 2025, which has no envelope: a first line <c>{id, timestamp, …}</c> without a
    /// <c>type</c>, then <c>{"record_type":"state"}</c> markers and bare response items (<see cref="CodexLegacyLine"/>).
    /// </summary>
    public bool Sniff(FormatHead head)
    {
        var lines = head.JsonLines;
        if (lines.Any(l => SniffFields.Has(l, "timestamp") && SniffFields.IsOneOf(l, "type", LineTypes)
                && SniffFields.Is(l, "payload", JsonValueKind.Object)))
            return true;
        if (lines.Count > 0) return CodexLegacyLine.IsHeader(lines[0]) && lines.Skip(1).Any(CodexLegacyLine.IsMarkerOrItem);
        // A first line longer than the head (a session_meta with long base instructions): judge it by its first keys.
        if (head.IsComplete) return false;
        // An older-layout header is {id, timestamp, instructions, …}: long instructions are what make it outgrow the head.
        var first = JsonHead.TopLevel(head);
        if (first.GetValueOrDefault("id").Token == JsonTokenType.String && first.GetValueOrDefault("timestamp").Token == JsonTokenType.String
            && first.ContainsKey("instructions") && !first.ContainsKey("type")) return true;
        return first.ContainsKey("timestamp") && first.GetValueOrDefault("payload").Token == JsonTokenType.StartObject
            && first.GetValueOrDefault("type").Element is { ValueKind: JsonValueKind.String } t && LineTypes.Any(t.ValueEquals);
    }

    public IEnumerable<RawRecord> Split(Stream content, InputFile file) => WholeFile.Split(content, file);

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
    {
        var session = new CodexSession(FileStem.Of(record.File.Path));
        // A large rollout is read in parts on the record's threads; the session is the same (CodexRolloutParts).
        if (record.Bytes.Length >= _largeBytes && SessionParts.Split(record, _partBytes) is { } parts) CodexRolloutParts.Read(record, parts, session, RecordTypes);
        else ReadInOnePass(record, session);
        var warnings = record.Report!.Warnings;
        for (var i = 0; i < warnings.Count; i++) session.Warn(warnings[i]); // by index: no enumerator per file
        if (session.Recognized == 0)
            throw NoRecordOfFormat.Error(record, Format, "no line is a Codex rollout line, in either the {timestamp, type, payload} envelope or the earlier bare one");
        return [session.Build()];
    }

    private void ReadInOnePass(RawRecord record, CodexSession session)
    {
        // Damaged lines (several records on one, a cut last one, a bad one under --skip-bad-records): WholeFileLines.
        // Most lines are read in one streaming pass (CodexFastLine); the rest, and any damaged line, as documents.
        var fields = CodexFastLine.Fields.ForFile(record.TextChecked);
        var tally = CodexFastLine.TypeTally.ForFile();
        var types = RecordTypes;
        foreach (var line in WholeFileLines.Values(record, objectsOnly: false, slimmer: null,
                     fast: (l, report) => CodexFastLine.TryRead(l.Bytes, fields, tally, session, report, types)))
        {
            using (line.Document) session.Add(line.Root, line.Line);
        }
        CodexFastLine.CountTypes(tally, record.Report!, types);
        fields.EndFile();
    }
}
