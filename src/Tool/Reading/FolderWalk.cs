using TraceCurate.Diagnostics;
using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>
/// The files below a folder, for folder and glob inputs. Symbolic links are followed, but every folder is entered once,
/// known by its identity on the file system (<see cref="FileNode"/>), not by the path that led to it: a link back to an
/// ancestor (a loop) or a second link to a folder already read adds no file and no walk, where following paths walked
/// forever. A folder that cannot be listed is an error naming it, never a silent hole in the input.
/// </summary>
internal static class FolderWalk
{
    /// <param name="Length">The size the walk's stat of the entry reported, or -1 where it is not known.</param>
    public readonly record struct Entry(string Path, FileKind Kind, long Length = -1);

    /// <summary>
    /// Every entry below <paramref name="root"/> that is not a folder, with its kind (a broken link is
    /// <see cref="FileKind.Missing"/>), in ordinal order of path; hidden entries (a name starting with '.') and what is
    /// below them are left out unless <paramref name="includeHidden"/>. <paramref name="found"/>, when given, is told each
    /// regular file as the walk meets it, before the walk ends.
    /// </summary>
    public static List<Entry> Files(string root, bool recursive, bool includeHidden, Action<string>? found = null)
    {
        var result = new List<Entry>();
        var entered = new HashSet<string>(StringComparer.Ordinal) { FileNode.Of(root).Identity };
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            var below = new List<string>();
            foreach (var path in List(folder))
            {
                if (!includeHidden && System.IO.Path.GetFileName(path.AsSpan()).StartsWith('.')) continue;
                var node = FileNode.Of(path);
                if (node.Kind == FileKind.Regular) found?.Invoke(path);
                if (node.Kind != FileKind.Directory) result.Add(new Entry(path, node.Kind, node.Length));
                else if (recursive && entered.Add(node.Identity)) below.Add(path);
            }
            for (var i = below.Count - 1; i >= 0; i--) pending.Push(below[i]); // entered in ordinal order
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return result;
    }

    private static List<string> List(string folder)
    {
        try
        {
            // Sorted: when two links name one folder, the one met first keeps it, the same on every file system.
            return Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputUnreadable,
                $"cannot read the folder, so its files cannot be listed: {e.Message}", folder));
        }
    }
}
