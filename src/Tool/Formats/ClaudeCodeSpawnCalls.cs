using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// The Task (or Agent) calls of a main trace by their <c>input.prompt</c>, for linking the inline sub-agent runs of the
/// same file (1.0.x): a run's first user text is the prompt it was given. Calls with one prompt are handed out in
/// call order, so two runs started with the same prompt link to two calls. A result that names its agent
/// (<c>toolUseResult.agentId</c>, 2.x) links that agent exactly.
/// </summary>
internal sealed class ClaudeCodeSpawnCalls
{
    private readonly Dictionary<string, Queue<string>> _byPrompt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byAgent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public void Add(IEnumerable<Action> actions, IEnumerable<ClaudeCodeNode> lines)
    {
        foreach (var line in lines)
            if (line.Type == "user" && (line.Fast is { } fast ? ClaudeCodeSubagentFiles.AgentResult(fast) : ClaudeCodeSubagentFiles.AgentResult(line.Value)) is { } r)
                _byAgent.TryAdd(r.AgentId, r.CallId);
        foreach (var action in actions)
        {
            if (!ClaudeCodeSubagentFiles.SpawnTools.Contains(action.Name) || action.Id is null
                || JsonPath.GetString(action.Arguments, "prompt") is not { } prompt) continue;
            if (!_byPrompt.TryGetValue(prompt, out var calls)) _byPrompt[prompt] = calls = new Queue<string>();
            calls.Enqueue(action.Id);
        }
    }

    /// <summary>The call whose result names agent <paramref name="agentId"/>, or null.</summary>
    public string? OfAgent(string agentId)
    {
        if (!_byAgent.TryGetValue(agentId, out var id)) return null;
        _taken.Add(id);
        return id;
    }

    /// <summary>The next call given <paramref name="prompt"/>, or null.</summary>
    public string? Take(string? prompt)
    {
        if (prompt is null || !_byPrompt.TryGetValue(prompt, out var calls)) return null;
        while (calls.TryDequeue(out var id))
            if (_taken.Add(id)) return id;
        return null;
    }
}
