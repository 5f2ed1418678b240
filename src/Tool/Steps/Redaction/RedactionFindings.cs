namespace TraceCurate.Steps.Redaction;

/// <summary>
/// What one trace had redacted: per field path (<c>messages[3].text</c>, <c>actions[0].arguments.command</c>,
/// <c>original[12].message.content[0].text</c>) and kind, how many replacements. Never a value.
/// </summary>
internal sealed class RedactionFindings
{
    private readonly SortedDictionary<(string Path, string Kind), int> _counts = new();

    public void Add(string path, string kind, int n)
    {
        if (n > 0) _counts[(path, kind)] = _counts.GetValueOrDefault((path, kind)) + n;
    }

    public bool IsEmpty => _counts.Count == 0;

    public IEnumerable<(string Path, string Kind, int Count)> Entries => _counts.Select(e => (e.Key.Path, e.Key.Kind, e.Value));
}
