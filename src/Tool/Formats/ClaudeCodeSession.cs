using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>A Claude Code <c>user</c>/<c>assistant</c>/<c>system</c> line with its DAG links (input-formats §4, "Envelope").</summary>
/// <param name="HasParentKey">Whether the line has a <c>parentUuid</c> field at all (null counts); files without any are read in file order.</param>
internal sealed record ClaudeCodeNode(string Uuid, string? ParentUuid, string? LogicalParentUuid, bool IsSidechain, string Type, SessionLine Line,
    bool HasParentKey = true)
{
    // The envelope fields below are asked for many times per line (path choice, compaction counts, sidechain runs): each
    // lookup in the line's document scans its properties, so each is looked up once, on first use.
    private const int BoundaryKnown = 1, Boundary = 2, SummaryKnown = 4, Summary = 8;
    private int _flags;
    private string? _agentId, _sessionId;
    private bool _agentIdKnown, _sessionIdKnown;

    /// <summary>The line's document; undefined when the line was read without one (<see cref="Fast"/>).</summary>
    public JsonElement Value => Line.Value;

    /// <summary>The line's fields, when the streaming pass read it (<see cref="ClaudeCodeFastLine"/>); else null, and <see cref="Value"/> holds it.</summary>
    public ClaudeCodeFastLine? Fast => Line.Fast;

    public bool IsTurn => Type is "user" or "assistant";

    /// <summary>A compaction boundary: top-level <c>subtype: "compact_boundary"</c> (on a <c>system</c> line or not), or a <c>compact_boundary</c> line type.</summary>
    public bool IsBoundary => Flag(BoundaryKnown, Boundary, static n => n.Type == "compact_boundary"
        || (n.Fast is null && n.Value.TryGetProperty("subtype", out var s) && s.ValueKind == JsonValueKind.String && s.ValueEquals("compact_boundary")));

    /// <summary>The user line that opens the part after a compaction (<c>isCompactSummary: true</c>).</summary>
    public bool IsCompactSummary => Flag(SummaryKnown, Summary,
        static n => n.Fast is { } f ? f.IsCompactSummary == true : n.Value.TryGetProperty("isCompactSummary", out var c) && c.ValueKind == JsonValueKind.True);

    public string? AgentId
    {
        get
        {
            if (!_agentIdKnown) (_agentId, _agentIdKnown) = (Fast is { } f ? f.AgentId : Value.TryGetProperty("agentId", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null, true);
            return _agentId;
        }
    }

    public string? SessionId
    {
        get
        {
            if (!_sessionIdKnown) (_sessionId, _sessionIdKnown) = (Fast is { } f ? f.SessionId : Value.TryGetProperty("sessionId", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null, true);
            return _sessionId;
        }
    }

    /// <summary>The line's <c>timestamp</c> as JSON's ISO 8601 reading gives it, or null (not a string, or not ISO).</summary>
    public DateTimeOffset? IsoTimestamp => Fast is { } f ? f.IsoTimestamp()
        : Value.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.String && t.TryGetDateTimeOffset(out var time) ? (DateTimeOffset?)time : null;

    /// <remarks>A file's lines are read by one thread; the cache is not shared between threads.</remarks>
    private bool Flag(int known, int set, Func<ClaudeCodeNode, bool> compute)
    {
        if ((_flags & known) == 0) _flags |= known | (compute(this) ? set : 0);
        return (_flags & set) != 0;
    }
}

/// <summary>
/// The lines of one Claude Code session as a DAG (input-formats §4, "Branching, sidechains, compaction"): the main
/// path and one path per sub-agent run. Lines are de-duplicated by uuid (first wins: resumed sessions repeat lines);
/// a path is returned in file order. See <see cref="ClaudeCodePath"/> for how a path is chosen.
/// </summary>
internal sealed class ClaudeCodeSession
{
    private readonly Dictionary<string, ClaudeCodeNode> _byUuid = new(StringComparer.Ordinal);

    public ClaudeCodeSession(string sessionId, IReadOnlyList<string> sessionIds, IEnumerable<ClaudeCodeNode> nodes, List<string> warnings)
    {
        SessionId = sessionId;
        SessionIds = sessionIds;
        Warnings = warnings;
        var duplicates = 0;
        foreach (var node in nodes)
        {
            if (_byUuid.TryAdd(node.Uuid, node)) Nodes.Add(node);
            else duplicates++;
        }
        Duplicates = duplicates;
    }

    public string SessionId { get; }

    /// <summary>Every session id of the lines read as this session (several when a resumed session repeats another's lines).</summary>
    public IReadOnlyList<string> SessionIds { get; }

    public List<ClaudeCodeNode> Nodes { get; } = [];

    /// <summary>Lines that repeat an earlier uuid (a resumed session writes its history again); the first copy is read.</summary>
    public int Duplicates { get; }

    /// <summary>The file's warnings (from reading its lines); they go on the file's first trace.</summary>
    public List<string> Warnings { get; }

    /// <summary>The main path (empty when every turn is a sidechain: a separate sub-agent file).</summary>
    public ClaudeCodePath MainPath() => ClaudeCodePath.Of(Nodes.Where(n => !n.IsSidechain).ToList(), _byUuid);

    /// <summary>
    /// Each sub-agent run with its path, in the order the runs start. A run is the sidechain lines of one
    /// <c>agentId</c> (2.x files), or, without agentId (1.0.x inline runs), the lines under one sidechain root.
    /// </summary>
    public IEnumerable<(ClaudeCodeNode Root, ClaudeCodePath Path)> Sidechains()
    {
        var runOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var runs = new Dictionary<string, List<ClaudeCodeNode>>(StringComparer.Ordinal);
        var order = new List<string>();
        string? lastRun = null;
        foreach (var node in Nodes.Where(n => n.IsSidechain))
        {
            // A parent missing from the file (a lost line) does not start a run: the line stays with the run before it.
            var run = node.AgentId is { } agent ? "agent:" + agent
                : node.ParentUuid is { } p && runOf.TryGetValue(p, out var parentRun) ? parentRun
                : node.ParentUuid is { } missing && !_byUuid.ContainsKey(missing) && lastRun is not null ? lastRun
                : "root:" + node.Uuid;
            runOf[node.Uuid] = lastRun = run;
            if (!runs.TryGetValue(run, out var members))
            {
                runs[run] = members = [];
                order.Add(run);
            }
            members.Add(node);
        }
        foreach (var run in order)
        {
            var path = ClaudeCodePath.Of(runs[run], _byUuid);
            if (path.Nodes.Count > 0) yield return (runs[run][0], path);
        }
    }
}
