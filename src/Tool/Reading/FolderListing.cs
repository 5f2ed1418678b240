using System.Runtime.InteropServices;
using System.Text;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>
/// One folder's entries for a walk (<see cref="FolderWalk"/>), in ordinal order of name, each with what it is
/// (<see cref="FileNode"/>). On 64-bit Linux the folder is opened once (opendir) and each entry looked up in it
/// (<see cref="FileNode.OfEntry"/>): a folder of ten thousand sessions otherwise paid .NET's enumeration of each folder
/// and a look-up of every file's whole path from the root. Elsewhere, or where the C library does not answer (a folder
/// that cannot be opened included), .NET lists the folder and says why it cannot, as before.
/// </summary>
internal static class FolderListing
{
    // struct dirent on 64-bit Linux (glibc and musl alike): d_ino 8, d_off 8, d_reclen 2, d_type 1, then the name.
    private const int NameOffset = 19;

    /// <param name="includeHidden">False: entries whose name starts with '.' are left out (and never looked up).</param>
    public static List<(string Path, FileNode Node)> Of(string folder, bool includeHidden)
    {
        if (OperatingSystem.IsLinux() && Environment.Is64BitProcess && Native(folder, includeHidden) is { } listed) return listed;
        var result = new List<(string, FileNode)>();
        foreach (var path in Managed(folder))
            if (includeHidden || !Path.GetFileName(path.AsSpan()).StartsWith('.')) result.Add((path, FileNode.Of(path)));
        return result;
    }

    private static List<string> Managed(string folder)
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

    private static unsafe List<(string, FileNode)>? Native(string folder, bool includeHidden)
    {
        IntPtr dir;
        try
        {
            dir = opendir(folder);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        if (dir == IntPtr.Zero) return null; // .NET lists it, and says why it cannot
        try
        {
            var names = new List<string>();
            while (true)
            {
                Marshal.SetLastPInvokeError(0);
                var entry = readdir(dir);
                if (entry is null)
                {
                    if (Marshal.GetLastPInvokeError() != 0) return null; // an error part-way: .NET lists it, or says why not
                    break;
                }
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry + NameOffset);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8) || !includeHidden && name[0] == (byte)'.') continue;
                names.Add(Encoding.UTF8.GetString(name)); // as .NET decodes a name (an invalid byte becomes U+FFFD)
            }
            names.Sort(StringComparer.Ordinal); // ordinal by name is ordinal by full path: they share the folder's prefix
            var at = dirfd(dir);
            var prefix = folder.EndsWith('/') ? folder : folder + "/";
            var result = new List<(string, FileNode)>(names.Count);
            foreach (var name in names)
            {
                var path = prefix + name;
                result.Add((path, FileNode.OfEntry(at, name, path)));
            }
            return result;
        }
        finally
        {
            _ = closedir(dir);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr opendir([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport("libc", SetLastError = true)]
    private static extern unsafe byte* readdir(IntPtr dir);

    [DllImport("libc")]
    private static extern int dirfd(IntPtr dir);

    [DllImport("libc")]
    private static extern int closedir(IntPtr dir);
}
