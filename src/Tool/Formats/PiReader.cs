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
    public string Format => "pi";

    public bool OneRecordPerFile => true;

    /// <summary>Read report: the entry types of input-formats §3 (v1 headers have no <c>version</c>).</summary>
    public RecordTypes RecordTypes { get; } = new(["type"], ["session", "message", "model_change", "thinking_level_change", "compaction",
        "branch_summary", "custom", "custom_message", "label", "session_info"])
    {
        VersionFields = ["version"],
    };

    /// <summary>Sniffing rule 8 (input-formats §9): the first line is a session header with a cwd and no sessionId.</summary>
    public bool Sniff(FormatHead head)
    {
        if (head.JsonLines.Count == 0) return false;
        var first = head.JsonLines[0];
        return first.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "session"
            && first.TryGetProperty("cwd", out _) && !first.TryGetProperty("sessionId", out _);
    }

    public IEnumerable<RawRecord> Split(Stream content, InputFile file) => WholeFile.Split(content, file);

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
    {
        var all = Branches(options, record.File.Path);
        using var file = SessionLines.Read(record);
        var tree = PiSessionTree.Build(file);
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
