using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// The OpenHands V0 action and observation kinds the reader maps (input-formats-2 §4, from OpenHands's
/// <c>core/schema/action.py</c> and <c>observation.py</c>), for the read report, and what an event looks like to sniffing.
/// A kind outside this list is still read (an action as a tool call, an observation as its result or as user text) and
/// counted as not understood. A history item with no kind (an old row's <c>[action, observation]</c> pair, read as its
/// two events) counts as <see cref="RecordTypes.NoType"/>, understood: an item the reader cannot map is a warning on its trace.
/// </summary>
internal static class OpenHandsKinds
{
    public static readonly string[] Understood =
    [
        // actions
        "message", "system", "run", "run_ipython", "read", "write", "edit", "browse", "browse_interactive", "call_tool_mcp",
        "think", "finish", "reject", "delegate", "recall", "condensation", "condensation_request", "change_agent_state", "null",
        // observations (the kinds that share an action's name are listed above)
        "error", "success", "user_rejected", "agent_state_changed", "mcp", "condense", "loop_detection",
    ];

    /// <summary>
    /// An event: exactly one of <c>action</c> and <c>observation</c>, a string, next to a field only events have
    /// (<c>source</c>, <c>args</c>, <c>extras</c>, <c>content</c>, or the flat layout's <c>thought</c>), and no SWE-agent
    /// <c>response</c>.
    /// </summary>
    public static bool IsEvent(JsonElement e)
    {
        var action = SniffFields.Is(e, "action", JsonValueKind.String);
        var observation = SniffFields.Is(e, "observation", JsonValueKind.String);
        if (action == observation || SniffFields.Has(e, "response") || SniffFields.Has(e, "role")) return false;
        return SniffFields.Has(e, "source") || SniffFields.Is(e, "args", JsonValueKind.Object) || SniffFields.Is(e, "extras", JsonValueKind.Object)
               || SniffFields.Has(e, "content") || (action && SniffFields.Has(e, "thought"));
    }
}
