namespace TraceCurate.Reading;

/// <summary>
/// A path with every symbolic link in it followed, as the operating system will follow them when a file is opened
/// there (a <c>..</c> after a link goes up from the link's target). Parts that do not exist yet are kept as written.
/// .NET has no portable realpath, so the links are followed one path segment at a time.
/// </summary>
internal static class RealPath
{
    /// <summary>Links followed for one path before it counts as a loop (Linux gives up after 40 as well).</summary>
    private const int MaxLinks = 40;

    public static string Of(string path) => Of(path, out _);

    /// <summary>The real path; <paramref name="link"/> is the first symbolic link followed, or null when there was none.</summary>
    /// <exception cref="IOException">The links form a loop.</exception>
    public static string Of(string path, out string? link)
    {
        link = null;
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        var pending = new Stack<string>();
        Push(pending, full[current.Length..]);
        var links = 0;
        while (pending.TryPop(out var segment))
        {
            if (segment == ".") continue;
            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Combine(current, segment);
            var target = LinkTarget(next);
            if (target is null)
            {
                current = next;
                continue;
            }
            link ??= next;
            if (++links > MaxLinks) throw new IOException($"the symbolic links at {next} form a loop");
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(Path.GetFullPath(target))!;
                target = Path.GetFullPath(target)[current.Length..];
            }
            Push(pending, target);
        }
        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies below it (both real paths).</summary>
    public static bool IsInside(string path, string folder)
    {
        var prefix = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        return path == folder || path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>Puts a relative path's segments on the stack, the first on top.</summary>
    private static void Push(Stack<string> pending, string relative)
    {
        var segments = relative.Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        for (var i = segments.Length - 1; i >= 0; i--) pending.Push(segments[i]);
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // unreadable: not followed here; opening the file there will fail with its own error
        }
    }
}
