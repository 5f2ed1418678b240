using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>What an output does with sub-agent traces (output key <c>subagents:</c>, docs/exports.md "Sub-agents").</summary>
public enum SubagentMode
{
    /// <summary>Each sub-agent is a record of its own, its parent session and call in <c>metadata</c> (the default).</summary>
    Separate,

    /// <summary>Sub-agents are not written; counted as <c>subagent_dropped</c>.</summary>
    Drop,

    /// <summary>A sub-agent's conversation follows its parent's call in the parent's record; counted as <c>subagent_inlined</c>.</summary>
    Inline,
}

/// <summary>How a sub-agent trace names its parent, and the names of the <c>subagents:</c> values.</summary>
public static class Subagents
{
    /// <summary>Skip reasons of the sub-agent modes, as the summary and the manifest spell them.</summary>
    public const string Dropped = "subagent_dropped";

    public const string Inlined = "subagent_inlined";

    public static IReadOnlyList<string> ModeNames { get; } = ["separate", "drop", "inline"];

    public static SubagentMode? Parse(string text) => text switch
    {
        "separate" => SubagentMode.Separate,
        "drop" => SubagentMode.Drop,
        "inline" => SubagentMode.Inline,
        _ => null,
    };

    /// <summary>A sub-agent's run, spawned by another trace (not a fork or a warm-up exchange).</summary>
    public static bool IsSubagent(Trace trace) => trace.Kind == TraceKind.Subagent;

    /// <summary>
    /// The id of the parent's call that started this sub-agent (Claude Code's Task <c>tool_use</c> id, which its reader
    /// keeps in the metadata as <c>parentToolUseId</c>), or null when the reader could not link it.
    /// </summary>
    public static string? ParentCallId(Trace trace) => trace.ParentId is null ? null : trace.Meta("parentToolUseId");
}
