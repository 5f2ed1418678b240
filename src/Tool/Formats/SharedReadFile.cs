using System.Runtime.InteropServices;
using System.Text;

namespace TraceCurate.Formats;

/// <summary>
/// A plain file opened for reading as <c>File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read)</c> opens
/// it on Linux: <c>open(2)</c> with <c>O_CLOEXEC</c> and the same shared advisory lock (<c>flock</c>, <c>LOCK_SH |
/// LOCK_NB</c>), without the two calls .NET adds to every open: an <c>fstat</c> (to refuse a folder) and an unlock before
/// the close (closing the one descriptor drops the lock; .NET unlocks first because a close may be interrupted, which on
/// Linux still frees the descriptor). A folder of ten thousand small Codex sessions is opened twice per file (detection,
/// then the worker), so that is four calls into the kernel per file of about fourteen.
/// <para>
/// The lock is kept, not turned off (.NET's process-wide <c>System.IO.DisableFileLocking</c>): a .NET process that holds
/// a file with <c>FileShare.None</c>, trace-curate's own staged outputs among them, still makes the open fail instead of
/// being read half written. Anything this does not expect (not Linux, a path .NET would refuse, an open, lock or read
/// that fails, a folder) is left to the caller's <c>File.OpenHandle</c> path, which opens the file again and throws what
/// it throws, so errors read as before; bytes read here before a failure are never used.
/// </para>
/// </summary>
internal struct SharedReadFile : IDisposable
{
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC, the same on every Linux architecture .NET runs on
    private const int SharedNoWait = 1 | 4; // LOCK_SH | LOCK_NB
    private const int MaxPathBytes = 4096; // PATH_MAX: a longer path is .NET's to open (and to refuse)

    private int _descriptor;
    private bool _open;

    /// <summary>Whether a read failed: the bytes read are not to be used, and the caller opens the file the .NET way.</summary>
    public bool Failed { get; private set; }

    /// <summary>Opens and locks <paramref name="path"/>; false (nothing open) where the .NET path must decide.</summary>
    public static unsafe bool TryOpen(string path, out SharedReadFile file)
    {
        file = default;
        if (!OperatingSystem.IsLinux() || path.Length == 0 || path.Length > MaxPathBytes / 3 || path.Contains('\0')) return false;
        Span<byte> name = stackalloc byte[path.Length * 3 + 1];
        var length = Encoding.UTF8.GetBytes(path, name);
        name[length] = 0;
        int descriptor;
        try
        {
            fixed (byte* p = name) descriptor = open(p, ReadOnlyCloseOnExec);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
        if (descriptor < 0) return false;
        if (flock(descriptor, SharedNoWait) != 0)
        {
            close(descriptor); // held exclusively by another process (or no lock here): .NET says which
            return false;
        }
        file._descriptor = descriptor;
        file._open = true;
        return true;
    }

    /// <summary>
    /// Up to <c>into.Length</c> bytes from <paramref name="offset"/> with <c>pread</c>; 0 at the end, and 0 with
    /// <see cref="Failed"/> set when the read failed (a folder, an I/O error).
    /// </summary>
    public unsafe int Read(Span<byte> into, long offset)
    {
        if (Failed) return 0;
        nint read;
        fixed (byte* p = into) read = pread(_descriptor, p, into.Length, offset);
        if (read >= 0) return (int)read;
        Failed = true;
        return 0;
    }

    public void Dispose()
    {
        if (!_open) return;
        _open = false;
        close(_descriptor);
    }

    [DllImport("libc")]
    private static extern unsafe int open(byte* path, int flags);

    [DllImport("libc")]
    private static extern int flock(int descriptor, int operation);

    [DllImport("libc")]
    private static extern unsafe nint pread(int descriptor, byte* buffer, nint count, long offset);

    [DllImport("libc")]
    private static extern int close(int descriptor);
}
