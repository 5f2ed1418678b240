using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>A line of an input that could not be read as written: where it is, why (a short key) and what was wrong.</summary>
public sealed record LineIssue(long Line, int Column, string Reason, string Message);

/// <summary>
/// What reading one input file found, for the read report of <c>inspect</c>, the manifest and <c>run</c>'s warnings:
/// records read, record types seen and not understood (as the reader's <see cref="RecordTypes"/> declares them),
/// agent/CLI versions seen, lines that held several records, and lines skipped with their reason. The one place where
/// records are counted: readers only declare their fields. A record's report is filled on the thread that parses it,
/// then merged into its file's report in input order, so the figures do not depend on the thread count.
/// </summary>
public sealed class ReadReport
{
    /// <summary>At most this many positions are kept per kind (skipped lines, split lines); the counts stay exact.</summary>
    public const int MaxPositions = 100;

    /// <summary>Skip reasons (the keys of <see cref="SkippedByReason"/>).</summary>
    public const string InvalidJson = "invalid_json", Truncated = "truncated", NotAnObject = "not_an_object", Unmappable = "unmappable";

    /// <summary>Skip reasons of whole records (a row, a session) that the pipeline skipped, each already warned about on its own.</summary>
    public const string BadRecord = "bad_record", TruncatedRecord = "truncated_record";

    // Each collection is made at its first entry: a report is made for every record parsed and kept for every input
    // file, most of them with nothing skipped, split or not understood (a Codex folder has thousands of files).
    private SortedDictionary<string, long>? _types, _notUnderstood, _versions, _skippedByReason;
    private List<LineIssue>? _skipped, _split;
    private List<string>? _warnings;

    /// <summary>Records read: JSON lines (a line holding two records counts two) or the items of a document's record array.</summary>
    public long Records { get; internal set; }

    /// <summary>Records per type (ordinal order); empty for a format that declares no type field.</summary>
    public SortedDictionary<string, long> Types => _types ??= new(StringComparer.Ordinal);

    /// <summary>The types of <see cref="Types"/> the reader does not understand, with their counts. Never fatal.</summary>
    public SortedDictionary<string, long> NotUnderstood => _notUnderstood ??= new(StringComparer.Ordinal);

    /// <summary>Records per agent/CLI version value.</summary>
    public SortedDictionary<string, long> Versions => _versions ??= new(StringComparer.Ordinal);

    /// <summary>Lines skipped (their content lost), by reason.</summary>
    public SortedDictionary<string, long> SkippedByReason => _skippedByReason ??= new(StringComparer.Ordinal);

    /// <summary>The first <see cref="MaxPositions"/> skipped lines, in file order.</summary>
    public List<LineIssue> Skipped => _skipped ??= [];

    public long LinesSkipped { get; internal set; }

    /// <summary>Lines that held two or more complete records (each read); nothing was lost.</summary>
    public long LinesSplit { get; internal set; }

    /// <summary>The first <see cref="MaxPositions"/> split lines, in file order.</summary>
    public List<LineIssue> Split => _split ??= [];

    /// <summary>
    /// One sentence per damaged line of this record (the first <see cref="MaxPositions"/> of each kind), for its traces'
    /// warnings; not merged into a file's report.
    /// </summary>
    public IReadOnlyList<string> Warnings => (IReadOnlyList<string>?)_warnings ?? [];

    // The collections as they are, null when nothing was counted in them, for those that only read them: the JSON form,
    // written for every input, and the merge, done for every record (looking at an empty one would make it).
    internal SortedDictionary<string, long>? TypesIfAny => _types;
    internal SortedDictionary<string, long>? NotUnderstoodIfAny => _notUnderstood;
    internal SortedDictionary<string, long>? VersionsIfAny => _versions;
    internal SortedDictionary<string, long>? SkippedByReasonIfAny => _skippedByReason;
    internal List<LineIssue>? SkippedIfAny => _skipped;
    internal List<LineIssue>? SplitIfAny => _split;

    /// <summary>True when the file has anything to note: types not understood, lines or records skipped, lines split.</summary>
    public bool HasIssues => _notUnderstood is { Count: > 0 } || LinesSkipped > 0 || LinesSplit > 0;

    /// <summary>Lines skipped inside records that were read (a session kept without them), not whole records skipped.</summary>
    public long LinesSkippedInside => _skippedByReason is not { } reasons ? LinesSkipped
        : LinesSkipped - reasons.GetValueOrDefault(BadRecord) - reasons.GetValueOrDefault(TruncatedRecord);

    /// <summary>
    /// True when <c>run</c> ends with a warning line for this file: types not understood, lines skipped inside kept
    /// sessions, or lines split. Whole records skipped are left out: each had its own warning and the run summary counts them.
    /// </summary>
    public bool HasNotes => _notUnderstood is { Count: > 0 } || LinesSkippedInside > 0 || LinesSplit > 0;

    /// <summary>Counts one record: its type (understood or not) and its version, as <paramref name="types"/> says where they are.</summary>
    public void Count(JsonElement record, RecordTypes? types)
    {
        Records++;
        if (types is null) return;
        if (types.TypeFields.Count > 0)
        {
            var type = types.TypeOf(record);
            Add(Types, type, 1);
            if (!types.Understood.Contains(type)) Add(NotUnderstood, type, 1);
        }
        if (types.VersionFields.Count == 0) return;
        foreach (var version in types.VersionsOf(record)) Add(Versions, version, 1);
    }

    /// <summary>
    /// Counts one record whose type a streaming reader read itself (as <see cref="RecordTypes.TypeOf"/> names it), for a
    /// format whose records carry no version field that reader has not sent to <see cref="Count(JsonElement, RecordTypes?)"/>.
    /// </summary>
    public void Count(string type, RecordTypes types) => Count(type, 1, types);

    /// <summary>As <see cref="Count(string, RecordTypes)"/>, for a record whose version (or null) the streaming reader read too.</summary>
    public void Count(string type, string? version, RecordTypes types)
    {
        Count(type, 1, types);
        CountVersion(version, types);
    }

    /// <summary>
    /// Counts <paramref name="records"/> records of one type at once: a streaming reader that tallied a file's lines by
    /// type itself (<see cref="CodexFastLine"/>) gives each type once, where a look-up per line in these sorted
    /// dictionaries was a fifteenth of its pass.
    /// </summary>
    public void Count(string type, long records, RecordTypes types)
    {
        Records += records;
        Add(Types, type, records);
        if (!types.Understood.Contains(type)) Add(NotUnderstood, type, records);
    }

    /// <summary>The version (or null) of a record counted, or to be counted, by type in a tally.</summary>
    public void CountVersion(string? version, RecordTypes types)
    {
        if (types.VersionFields.Count > 0 && version is { Length: > 0 }) Add(Versions, version, 1);
    }

    /// <summary>Counts every item of a whole-document record (<see cref="RecordTypes.Items"/>), and the document's versions.</summary>
    public void CountDocument(JsonElement document, RecordTypes types)
    {
        var items = document.ValueKind == JsonValueKind.Array ? document : JsonPath.Get(document, types.Items!);
        if (items is { ValueKind: JsonValueKind.Array } array)
        {
            var itemTypes = types with { VersionFields = [] }; // the versions are the document's, counted once below
            foreach (var item in array.EnumerateArray()) Count(item, itemTypes);
        }
        foreach (var version in types.VersionsOf(document)) Add(Versions, version, 1);
    }

    /// <summary>Counts a record whose format declares nothing to count in it (a row of a row format).</summary>
    public void CountRecord() => Records++;

    public void Skip(LineIssue issue)
    {
        LinesSkipped++;
        Add(SkippedByReason, issue.Reason, 1);
        if (Skipped.Count >= MaxPositions) return;
        Skipped.Add(issue);
        (_warnings ??= []).Add(SkipWarning(issue));
    }

    public void SplitLine(long line, int values)
    {
        LinesSplit++;
        var issue = new LineIssue(line, 0, "several_records", $"the line holds {values} complete JSON records; each was read");
        if (Split.Count >= MaxPositions) return;
        Split.Add(issue);
        (_warnings ??= []).Add(SplitWarning(issue));
    }

    private static string SkipWarning(LineIssue issue) => $"line {issue.Line}: skipped ({issue.Reason}): {issue.Message}";

    private static string SplitWarning(LineIssue issue) => $"line {issue.Line}: {issue.Message}";

    /// <summary>
    /// Adds the report of the lines that follow this one's in the same record (a large session read in parts,
    /// <see cref="SessionParts"/>), so that the result is the report of reading all of them in one pass: the counts and
    /// the first <see cref="MaxPositions"/> positions of each kind, as <see cref="Merge"/> adds them, and the warnings
    /// too, which that pass writes for exactly the positions it keeps.
    /// </summary>
    internal void Append(ReadReport later)
    {
        if (later._warnings is { Count: > 0 } warnings)
        {
            // The later part's warnings are, in order, one per position it kept, skipped or split: which is which is told
            // by the text each position's warning has. A warning is kept when its position is among the first kept here.
            var (skipsKept, splitsKept) = (_skipped?.Count ?? 0, _split?.Count ?? 0);
            var (skip, split) = (0, 0);
            foreach (var warning in warnings)
            {
                if (later._skipped is { } skipped && skip < skipped.Count && warning == SkipWarning(skipped[skip]))
                {
                    if (skipsKept + skip++ < MaxPositions) (_warnings ??= []).Add(warning);
                }
                else if (splitsKept + split++ < MaxPositions) (_warnings ??= []).Add(warning);
            }
        }
        Merge(later);
    }

    /// <summary>Adds another report (a later record of the same file, or a later shard's part) to this one.</summary>
    public void Merge(ReadReport other)
    {
        Records += other.Records;
        // Only the other's counts that were made: enumerating a sorted dictionary allocates, even an empty one.
        if (other._types is { Count: > 0 }) foreach (var (k, v) in other._types) Add(Types, k, v);
        if (other._notUnderstood is { Count: > 0 }) foreach (var (k, v) in other._notUnderstood) Add(NotUnderstood, k, v);
        if (other._versions is { Count: > 0 }) foreach (var (k, v) in other._versions) Add(Versions, k, v);
        if (other._skippedByReason is { Count: > 0 }) foreach (var (k, v) in other._skippedByReason) Add(SkippedByReason, k, v);
        LinesSkipped += other.LinesSkipped;
        LinesSplit += other.LinesSplit;
        if (other._skipped is { Count: > 0 } skipped) AddPositions(Skipped, skipped);
        if (other._split is { Count: > 0 } split) AddPositions(Split, split);
    }

    /// <summary>One line for a terminal: what was not understood, skipped or split, with the first positions.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (LinesSkipped > 0)
            parts.Add($"{LinesSkipped} line(s) skipped ({string.Join(", ", SkippedByReason.Select(p => $"{p.Key} {p.Value}"))}) at line {Lines(Skipped, LinesSkipped)}");
        if (LinesSplit > 0) parts.Add($"{LinesSplit} line(s) holding several records, each read, at line {Lines(Split, LinesSplit)}");
        if (NotUnderstood.Count > 0)
            parts.Add("record types not understood (counted, not mapped): " + string.Join(", ", NotUnderstood.Select(p => $"{p.Key} x{p.Value}")));
        return string.Join("; ", parts);
    }

    /// <summary>The first line to point a diagnostic at: the first skipped or split line, or 0.</summary>
    public long FirstLine => Skipped.Concat(Split).Select(i => i.Line).DefaultIfEmpty(0).Min();

    private static string Lines(List<LineIssue> issues, long total)
    {
        const int shown = 5;
        var text = string.Join(", ", issues.Take(shown).Select(i => i.Line));
        return total > shown ? text + ", …" : text;
    }

    private static void AddPositions(List<LineIssue> into, List<LineIssue> from)
    {
        if (from.Count == 0) return;
        into.AddRange(from);
        into.Sort((a, b) => a.Line.CompareTo(b.Line));
        if (into.Count > MaxPositions) into.RemoveRange(MaxPositions, into.Count - MaxPositions);
    }

    private static void Add(SortedDictionary<string, long> counts, string key, long value) =>
        counts[key] = counts.GetValueOrDefault(key) + value;
}
