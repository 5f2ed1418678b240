using System.Runtime.InteropServices;

namespace TraceCurate.Formats;

/// <summary>What kind of file system entry a path names (after following symbolic links).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    /// <summary>A pipe, FIFO, character or block device, or socket: bytes that can be read once, maybe never ending.</summary>
    Stream,
}

/// <summary>
/// A path's kind and, for a folder, its identity (device and inode) as the file system reports them, following symbolic
/// links (anything else is identified by its path). Inputs need
/// both: a pipe or a device must be read once and never reopened (<see cref="StreamInputs"/>), and a folder walk must
/// know a folder it has already seen by what it is, not by the path that led there, or a symbolic link loop never ends.
/// Linux answers with statx(2); elsewhere the kind comes from .NET (a file that cannot seek is a stream) and the
/// identity is the folder's path with its links resolved.
/// </summary>
public readonly record struct FileNode(FileKind Kind, string Identity)
{
    /// <summary>The size in bytes that statx(2) reported (of the link's target), or -1 where it was not asked.</summary>
    public long Length { get; init; } = -1;

    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;
    private const int TypeMask = 0xF000, RegularType = 0x8000, DirectoryType = 0x4000;

    public static FileNode Of(string path)
    {
        if (OperatingSystem.IsLinux() && Statx(path) is { } node) return node;
        if (Directory.Exists(path))
        {
            var info = new DirectoryInfo(path);
            return new FileNode(FileKind.Directory, (info.ResolveLinkTarget(returnFinalTarget: true) ?? info).FullName);
        }
        if (!File.Exists(path)) return new FileNode(FileKind.Missing, path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            return new FileNode(stream.CanSeek ? FileKind.Regular : FileKind.Stream, Path.GetFullPath(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileNode(FileKind.Regular, Path.GetFullPath(path)); // opening it again reports why it cannot be read
        }
    }

    private static FileNode? Statx(string path)
    {
        // struct statx is the same on every Linux architecture: mode at 28, ino at 32, dev major/minor at 136/140.
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            unsafe
            {
                fixed (byte* b = buffer)
                    if (statx(AtFdCwd, path, 0, StatxBasicStats, b) != 0)
                        return Marshal.GetLastPInvokeError() is 2 or 20 ? new FileNode(FileKind.Missing, path) : null; // ENOENT, ENOTDIR
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        var type = BitConverter.ToUInt16(buffer[28..]) & TypeMask;
        var kind = type switch { RegularType => FileKind.Regular, DirectoryType => FileKind.Directory, _ => FileKind.Stream };
        // Only folders are told apart by identity (FolderWalk): a file's is its path, not a string made per file of a walk.
        var identity = kind != FileKind.Directory ? path
            : $"{BitConverter.ToUInt32(buffer[136..])}:{BitConverter.ToUInt32(buffer[140..])} {BitConverter.ToUInt64(buffer[32..])}";
        return new FileNode(kind, identity) { Length = (long)BitConverter.ToUInt64(buffer[40..]) }; // stx_size
    }

    [DllImport("libc", SetLastError = true)]
    private static extern unsafe int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte* buffer);
}
