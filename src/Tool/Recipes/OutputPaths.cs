using YamlDotNet.RepresentationModel;

namespace TraceCurate.Recipes;

/// <summary>
/// The paths a recipe writes in the output folder (outputs, the report, the rejects file), each normalised the way the
/// file system will see it (<c>./x.jsonl</c> is <c>x.jsonl</c>) and checked against the others and against the names
/// the run writes itself. Two outputs on one file would silently overwrite each other; an output named like the
/// manifest would be overwritten by it. Problems are kept in <see cref="YamlNodes.Errors"/> at the path's position.
/// </summary>
internal sealed class OutputPaths(YamlNodes y, IReadOnlyList<string> reservedFiles)
{
    /// <summary>Names the tool keeps for itself at the top of the output folder (its staging folder, …).</summary>
    public const string ReservedPrefix = ".trace-curate-";

    // Keyed by the normalised path without a trailing '/', ignoring case: two paths that differ only in case are one
    // file on Windows and macOS, and a recipe should build the same dataset everywhere.
    private readonly Dictionary<string, (string Written, YamlNode Node, string What)> _taken = new(StringComparer.OrdinalIgnoreCase);

    // Every folder above a path added, with that path's key: a later path naming one of them would hold the other.
    private readonly Dictionary<string, string> _folders = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The normalised path ('/' separators, no '.' or empty segments, a trailing '/' kept: it asks for a folder), or
    /// null when it cannot be used; either way a clash with a path added before is reported.
    /// </summary>
    public string? Add(YamlNode node, string written, string what)
    {
        if (Normalize(written, out var problem) is not { } path)
        {
            y.Report(node, $"{what} '{written}' {problem}");
            return null;
        }
        var key = path.TrimEnd('/');
        var first = key.Split('/')[0];
        if (reservedFiles.FirstOrDefault(r => string.Equals(r, first, StringComparison.OrdinalIgnoreCase)) is { } reserved)
            y.Report(node, $"{what} '{written}' would be overwritten by the {(reserved == reservedFiles[0] ? "manifest" : "part manifest")} " +
                           $"the run writes as '{reserved}'; choose another name");
        else if (first.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase))
            y.Report(node, $"{what} '{written}': names starting with '{ReservedPrefix}' are the tool's own (its staging folder); choose another name");
        else if (_taken.TryGetValue(key, out var other))
            y.Report(node, Clash(written, path, what, other, same: true));
        else if (Ancestor(key) is { } outer)
            y.Report(node, Clash(written, path, what, outer, same: false));
        else if (_folders.TryGetValue(key, out var inner))
            y.Report(node, Clash(written, path, what, _taken[inner], same: false));
        _taken.TryAdd(key, (written, node, what));
        for (var slash = key.LastIndexOf('/'); slash > 0; slash = key.LastIndexOf('/', slash - 1)) _folders.TryAdd(key[..slash], key);
        return path;
    }

    /// <summary>A path added before that is a folder above <paramref name="key"/>, found by looking up each parent.</summary>
    private (string Written, YamlNode Node, string What)? Ancestor(string key)
    {
        for (var slash = key.LastIndexOf('/'); slash > 0; slash = key.LastIndexOf('/', slash - 1))
            if (_taken.TryGetValue(key[..slash], out var outer)) return outer;
        return null;
    }

    private static string Clash(string written, string path, string what, (string Written, YamlNode Node, string What) other, bool same)
    {
        var spelled = written == path ? $"'{written}'" : $"'{written}' (that is, '{path}')";
        var theOther = $"the {other.What} '{other.Written}' (line {other.Node.Start.Line})";
        if (!same) return $"{what} {spelled} and {theOther} overlap: one would be written inside the other; choose paths side by side";
        return Normalize(other.Written, out _) is { } otherPath && string.Equals(path.TrimEnd('/'), otherPath.TrimEnd('/'), StringComparison.Ordinal)
            ? $"{what} {spelled} is the same file as {theOther}; each output needs a path of its own"
            : $"{what} {spelled} differs from {theOther} only in case, which is the same file on Windows and macOS; choose distinct names";
    }

    /// <summary>The path relative to the output folder as the file system will see it, or null with the reason why not.</summary>
    public static string? Normalize(string written, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(written)) problem = "is empty; give a file name relative to the output folder";
        else if (System.IO.Path.IsPathRooted(written) || (written.Length >= 2 && char.IsAsciiLetter(written[0]) && written[1] == ':'))
            problem = "is absolute; paths are relative to the output folder (run --out), so the dataset stays in one place";
        else if (written.IndexOfAny(InvalidCharacters) >= 0)
            problem = "holds a character that no file name may hold (a control character, or one of \" < > | * ? :)";
        if (problem is not null) return null;
        var segments = written.Split('/', '\\').Where(s => s.Length > 0 && s != ".").ToList();
        if (segments.Contains(".."))
            problem = "leaves the output folder ('..'); paths are relative to the output folder and stay inside it";
        else if (segments.Count == 0)
            problem = "names the output folder itself; give a file name inside it, e.g. 'kept.jsonl'";
        if (problem is not null) return null;
        var trailing = written.EndsWith('/') || written.EndsWith('\\') ? "/" : "";
        return string.Join('/', segments) + trailing;
    }

    // The characters Windows refuses in names, so a recipe that builds on Linux builds everywhere.
    private static readonly char[] InvalidCharacters = InvalidCharactersOf();

    // A loop, not LINQ's range and select into chars, which have no precompiled code and were compiled at every start.
    private static char[] InvalidCharactersOf()
    {
        const string Punctuation = "\"<>|*?:";
        var characters = new char[32 + Punctuation.Length];
        for (var c = 0; c < 32; c++) characters[c] = (char)c;
        Punctuation.CopyTo(characters.AsSpan(32));
        return characters;
    }
}
