using System.Text;
using System.Text.RegularExpressions;

namespace TraceCurate.Reading;

/// <summary>
/// File globs: <c>*</c>, <c>?</c> and classes <c>[abc]</c>, <c>[a-z]</c>, <c>[!abc]</c> within one path segment,
/// <c>**</c> across segments; a <c>[</c> with no closing <c>]</c> is a plain character. Matches are returned in
/// ordinal order of their paths, so the input order (and so the output) never depends on the file system.
/// </summary>
public static class Glob
{
    public static bool HasWildcards(string pattern) => pattern.IndexOfAny(['*', '?', '[']) >= 0;

    public static IReadOnlyList<string> Expand(string fullPattern) => ExpandEntries(fullPattern).Select(e => e.Path).ToList();

    /// <summary>The matches with their kinds (a pipe or a broken link among them is the caller's to refuse).</summary>
    internal static List<FolderWalk.Entry> ExpandEntries(string fullPattern)
    {
        var pattern = fullPattern.Replace('\\', '/');
        var segments = pattern.Split('/');
        var fixedCount = segments.TakeWhile(s => !HasWildcards(s)).Count();
        var root = string.Join("/", segments.Take(fixedCount));
        if (root.Length == 0) root = "/";
        if (!Directory.Exists(root)) return [];
        var regex = new Regex("^" + ToRegex(string.Join("/", segments.Skip(fixedCount))) + "$", RegexOptions.CultureInvariant);
        var recursive = segments.Skip(fixedCount).Any(s => s == "**") || segments.Length - fixedCount > 1;
        // The walk follows links once per folder and refuses folders it cannot list (FolderWalk); order stays ordinal.
        return FolderWalk.Files(root, recursive, includeHidden: ExplicitlyHidden(segments.Skip(fixedCount)))
            .Where(f => regex.IsMatch(Path.GetRelativePath(root, f.Path).Replace('\\', '/')))
            .ToList();
    }

    /// <summary>
    /// True when a relative path has a segment starting with '.' (a hidden file or folder, such as <c>.git</c> or a
    /// run's staging folder): folders and wildcards skip them, as shells do, unless the pattern spells the dot itself.
    /// </summary>
    public static bool IsHidden(string relative) => relative.Replace('\\', '/').Split('/').Any(s => s.StartsWith('.') && s is not "." and not "..");

    private static bool ExplicitlyHidden(IEnumerable<string> patternSegments) => patternSegments.Any(s => s.StartsWith('.'));

    private static string ToRegex(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" matches zero or more folders; a trailing "**" matches everything below.
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                sb.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else if (c == '[' && ClassEnd(glob, i) is var end and > 0)
            {
                sb.Append(Class(glob[(i + 1)..end]));
                i = end;
            }
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.ToString();
    }

    /// <summary>The index of the ']' closing the class opened at <paramref name="open"/> (a ']' right after '[' or '[!' is a member), or -1.</summary>
    private static int ClassEnd(string glob, int open)
    {
        var i = open + 1;
        if (i < glob.Length && glob[i] is '!' or '^') i++;
        if (i < glob.Length && glob[i] == ']') i++;
        for (; i < glob.Length; i++)
        {
            if (glob[i] == '/') return -1; // a class never spans folders
            if (glob[i] == ']') return i;
        }
        return -1;
    }

    /// <summary>A class as a regex class that never matches '/': members escaped, '-' kept for ranges, '!' or '^' negating.</summary>
    private static string Class(string body)
    {
        var negated = body.Length > 0 && body[0] is '!' or '^';
        if (negated) body = body[1..];
        var members = new StringBuilder();
        foreach (var c in body) members.Append(c is '\\' or '[' or ']' or '^' ? "\\" + c : c.ToString());
        return negated ? $"[^/{members}]" : $"(?!/)[{members}]";
    }
}
