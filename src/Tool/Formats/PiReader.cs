using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Pi coding-agent sessions (badlogic/pi-mono; input-formats §3), versions 1 to 3. One file is one record. By default
/// the trace follows the active path (the last entry back to the root); the input setting <c>branches: all</c> gives
/// one trace per leaf instead, with the id <c>&lt;header id&gt;#leaf=&lt;entry id&gt;</c>.
/// </summary>
public sealed class PiReader : ITraceReader
{
    private readonly int _partBytes = SessionParts.DefaultPartBytes;

    public PiReader()
    {
    }

    /// <param name="partBytes">About how large a part of a session read on several threads is (<see cref="SessionParts"/>;
    /// tests make it small, to read small files in many parts).</param>
    internal PiReader(int partBytes) => _partBytes = partBytes;

    public string Format => "pi";

    public bool OneRecordPerFile => true;

    public bool SplitsAsWholeFile => true;

    public bool SniffsFirstLines => true;

    /// <summary>The entry types Pi writes after the header, versions 1 to 3 (input-formats §3).</summary>
    private static readonly string[] EntryTypes =
        ["message", "model_change", "thinking_level_change", "compaction", "branch_summary", "custom", "custom_message", "label", "session_info"];

    /// <summary>Read report: the entry types of input-formats §3 (v1 headers have no <c>version</c>).</summary>
    public RecordTypes RecordTypes { get; } = new(["type"], ["session", .. EntryTypes])
    {
        VersionFields = ["version"],
    };

    /// <summary>False when the first line is no Pi session header; a header's version and entries are left to <see cref="Sniff"/>.</summary>
    public bool? SniffByKeys(FormatHead head)
    {
        if (!head.Keys.HasAtLeast(1)) return false;
        var first = head.Keys[0];
        return first.IsOneOf("type", "session") && first.Kind("id") == JsonTokenType.String && first.Kind("cwd") == JsonTokenType.String
            && !first.Has("sessionId") ? null : false;
    }

    /// <summary>
    /// Sniffing rule 8 (input-formats §9), on positive evidence only: the first line is a Pi session header (<c>type</c>
    /// <c>session</c>, a string <c>id</c> and <c>cwd</c>, no <c>sessionId</c>, a <c>version</c> absent or a whole number),
    /// and no line after it is a conversation record Pi does not write: every line has a string <c>type</c>, a
    /// <c>message</c> entry holds a message with a role, and a line of another type carries no message, role or content.
    /// A file with a Pi-like header whose conversation is in other records (another agent's layout) is refused, not
    /// read as an empty session. OpenClaw transcripts are written by Pi's own session manager, header included, so they
    /// are Pi sessions and read as such (docs/formats/pi.md).
    /// </summary>
    public bool Sniff(FormatHead head)
    {
        if (head.JsonLines.Count == 0) return false;
        var first = head.JsonLines[0];
        if (!SniffFields.IsOneOf(first, "type", "session") || !SniffFields.Is(first, "id", JsonValueKind.String)
            || !SniffFields.Is(first, "cwd", JsonValueKind.String) || SniffFields.Has(first, "sessionId")) return false;
        if (SniffFields.Has(first, "version") && !(first.GetProperty("version") is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out var n) && n >= 1))
            return false;
        for (var k = 1; k < head.JsonLines.Count; k++)
        {
            var line = head.JsonLines[k];
            if (!SniffFields.Is(line, "type", JsonValueKind.String)) return false;
            if (SniffFields.IsOneOf(line, "type", "message"))
            {
                if (SniffFields.Object(line, "message") is not { } message || !SniffFields.Is(message, "role", JsonValueKind.String)) return false;
            }
            else if (!SniffFields.IsOneOf(line, "type", EntryTypes)
                     && (SniffFields.Has(line, "message") || SniffFields.Has(line, "role") || SniffFields.Has(line, "content")))
                return false;
        }
        return true;
    }

    public IEnumerable<RawRecord> Split(Stream content, InputFile file) => WholeFile.Split(content, file);

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options) => Parse(record, options, streamed: true);

    /// <param name="streamed">False to read every line through a document, as before the streaming pass (the tests' reference).</param>
    internal IEnumerable<Trace> Parse(RawRecord record, ReadOptions options, bool streamed)
    {
        var all = Branches(options, record.File.Path);
        using var file = PiSessionLines.Read(record, streamed, _partBytes);
        var tree = PiSessionTree.Build(file)
            ?? throw NoRecordOfFormat.Error(record, Format, "its first line is not a Pi session header {\"type\":\"session\", …}");
        string id;
        try
        {
            id = Json.RequiredString(tree.Header, "id");
        }
        catch (BadRecordException e)
        {
            throw SessionLines.AtLine(e, file.Lines[0].Line);
        }
        if (!all) return [new PiTraceBuilder(tree, id).Build(tree.ActivePath())];
        return tree.Leaves().Select(leaf => new PiTraceBuilder(tree, id + "#leaf=" + leaf.Id).Build(tree.PathTo(leaf))).ToList();
    }

    private static bool Branches(ReadOptions options, string path) => options.Get("branches") switch
    {
        null or "active" => false,
        "all" => true,
        var other => throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.RecipeSchema,
            $"the Pi input setting 'branches' must be 'active' or 'all', not '{other}'", path)),
    };
}
