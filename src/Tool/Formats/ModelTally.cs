namespace TraceCurate.Formats;

/// <summary>
/// The models a session names, in the order first seen (a trace's <c>Models</c>), and how often each was used (a turn
/// or a response each, as the reader counts): the session readers' rule for a trace's <c>Model</c> in one place, with
/// no LINQ ordering, whose instantiations over key-value pairs the installed tool compiles at run time.
/// </summary>
internal sealed class ModelTally
{
    private readonly Dictionary<string, int> _uses = new(StringComparer.Ordinal);

    /// <summary>Every model named, first seen first.</summary>
    public List<string> Seen { get; } = [];

    /// <summary>Notes a model named by the session; <paramref name="used"/> counts one use of it.</summary>
    public void Add(string model, bool used = true)
    {
        if (!_uses.TryGetValue(model, out var uses)) Seen.Add(model);
        _uses[model] = used ? uses + 1 : uses;
    }

    /// <summary>The model of the most uses; of equal counts the first seen. Null when no model was used.</summary>
    public string? MostUsed
    {
        get
        {
            string? most = null;
            var best = 0;
            foreach (var model in Seen)
            {
                var uses = _uses[model];
                if (uses > best) (most, best) = (model, uses);
            }
            return most;
        }
    }
}
