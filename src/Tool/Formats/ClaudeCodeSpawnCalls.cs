using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// The Task (or Agent) calls of a main trace by their <c>input.prompt</c>, for linking the inline sub-agent runs of the
/// same file (1.0.x): a run's first user text is the prompt it was given. Calls with one prompt are handed out in
/// call order, so two runs started with the same prompt link to two calls.
/// </summary>
internal sealed class ClaudeCodeSpawnCalls
{
    private readonly Dictionary<string, Queue<string>> _byPrompt = new(StringComparer.Ordinal);

    public void Add(IEnumerable<Action> actions)
    {
        foreach (var action in actions)
        {
            if (!ClaudeCodeSubagentFiles.SpawnTools.Contains(action.Name) || action.Id is null
                || JsonPath.GetString(action.Arguments, "prompt") is not { } prompt) continue;
            if (!_byPrompt.TryGetValue(prompt, out var calls)) _byPrompt[prompt] = calls = new Queue<string>();
            calls.Enqueue(action.Id);
        }
    }

    /// <summary>The next call given <paramref name="prompt"/>, or null.</summary>
    public string? Take(string? prompt) =>
        prompt is not null && _byPrompt.TryGetValue(prompt, out var calls) && calls.TryDequeue(out var id) ? id : null;
}
