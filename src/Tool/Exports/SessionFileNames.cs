namespace TraceCurate.Exports;

/// <summary>
/// Output names for whole session files: the input's file name (without <c>.gz</c>: the copy is decompressed), and
/// when a second input of the same name comes, <c>name-2.ext</c>, <c>name-3.ext</c>, … in the order the files are
/// first written (input order, so the same inputs always give the same names). Ordinal, case-sensitive comparisons.
/// </summary>
internal sealed class SessionFileNames
{
    private readonly Dictionary<string, string> _byPath = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    /// <summary>The name for this input path, or null when it was already given one (the file is written once).</summary>
    public string? For(string path)
    {
        if (_byPath.ContainsKey(path)) return null;
        var name = Path.GetFileName(path);
        name = Formats.ZstdInput.WithoutCompressionSuffix(name);
        var candidate = name;
        for (var n = 2; !_taken.Add(candidate); n++) candidate = WithSuffix(name, n);
        _byPath[path] = candidate;
        return candidate;
    }

    /// <summary><c>rollout.jsonl</c> → <c>rollout-2.jsonl</c>; <c>x.traj.json</c> → <c>x-2.traj.json</c>; <c>.hidden</c> → <c>.hidden-2</c>.</summary>
    public static string WithSuffix(string name, int n)
    {
        var dot = name.IndexOf('.', 1);
        return dot < 0 ? $"{name}-{n}" : $"{name[..dot]}-{n}{name[dot..]}";
    }
}
