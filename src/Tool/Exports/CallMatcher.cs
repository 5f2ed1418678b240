using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Exports;

/// <summary>
/// Finds the actions an assistant message's tool calls became. By id when the call and the action share one (Pi,
/// Claude Code, Codex); otherwise in call order, since readers create actions in the order of the calls (AgentTrace,
/// whose spans have ids of their own). A trace whose messages carry no tool calls at all gets each message's actions
/// by turn number. Each action is used once; results come in <see cref="Action.Index"/> order.
/// </summary>
internal sealed class CallMatcher
{
    private readonly IReadOnlyList<Action> _actions;
    private readonly bool[] _used;
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    /// <summary>By position in the actions: the call's id, where one was matched (an array: no hashing per call).</summary>
    private readonly string?[] _callIds;
    private readonly bool _byTurn;
    private int _cursor;

    public CallMatcher(Trace trace)
    {
        _actions = trace.Actions;
        _used = new bool[_actions.Count];
        _callIds = new string?[_actions.Count];
        for (var i = 0; i < _actions.Count; i++)
            if (_actions[i].Id is { } id) _byId.TryAdd(id, i);
        var messages = trace.Messages;
        var anyCalls = false;
        for (var i = 0; i < messages.Count && !anyCalls; i++) anyCalls = messages[i].ToolCalls.Count > 0;
        _byTurn = _actions.Count > 0 && !anyCalls;
    }

    /// <summary>The id the model gave the call that became this action, when it had one.</summary>
    public string? CallIdOf(Action action) => (uint)action.Index < (uint)_callIds.Length ? _callIds[action.Index] : null;

    public IReadOnlyList<Action> Match(Message message)
    {
        if (!_byTurn && message.ToolCalls.Count == 0) return []; // most messages: nothing to match, nothing allocated
        var found = new List<int>();
        if (_byTurn)
        {
            if (message.Turn == 0) return [];
            for (var i = 0; i < _actions.Count; i++)
                if (!_used[i] && _actions[i].Turn == message.Turn) found.Add(i);
        }
        foreach (var call in message.ToolCalls)
        {
            var i = call.Id is { } id && _byId.TryGetValue(id, out var byId) && !_used[byId] ? byId : NextUnused();
            if (i < 0) continue;
            _used[i] = true;
            if (call.Id is not null) _callIds[i] = call.Id;
            found.Add(i);
        }
        foreach (var i in found) _used[i] = true;
        // In action order. A message's calls are a handful: sorted in place, and taken by a loop, because List<int>'s
        // sorter and LINQ's select over ints have no precompiled code and were compiled at every run's first record.
        for (var k = 1; k < found.Count; k++)
            for (var j = k; j > 0 && found[j - 1] > found[j]; j--) (found[j - 1], found[j]) = (found[j], found[j - 1]);
        var matched = new List<Action>(found.Count);
        foreach (var i in found) matched.Add(_actions[i]);
        return matched;
    }

    private int NextUnused()
    {
        while (_cursor < _actions.Count && _used[_cursor]) _cursor++;
        return _cursor < _actions.Count ? _cursor : -1;
    }
}
