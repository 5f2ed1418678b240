using Microsoft.Win32.SafeHandles;

namespace TraceCurate.Formats;

/// <summary>
/// A plain file read from its first byte on at offsets kept here (<c>pread</c>), opened either by
/// <see cref="SharedReadFile"/> or by .NET's <see cref="File.OpenHandle"/>: the one read loop of detection's small head
/// and of the workers' whole-file read, whichever way the file was opened. The caller tries the shared open first and,
/// when it <see cref="Failed"/>, starts over the .NET way; a .NET handle is the caller's to dispose.
/// </summary>
internal struct PositionalFile : IDisposable
{
    private SharedReadFile _shared;
    private readonly SafeFileHandle? _handle;
    private long _offset;

    public PositionalFile(SharedReadFile shared) => _shared = shared;

    public PositionalFile(SafeFileHandle handle) => _handle = handle;

    /// <summary>Whether a read through <see cref="SharedReadFile"/> failed: the bytes read are not to be used.</summary>
    public readonly bool Failed => _handle is null && _shared.Failed;

    /// <summary>The next bytes, up to <c>into.Length</c>; 0 at the end (or after a failed shared read).</summary>
    public int Read(Span<byte> into)
    {
        var read = _handle is null ? _shared.Read(into, _offset) : RandomAccess.Read(_handle, into, _offset);
        _offset += read;
        return read;
    }

    /// <summary>Reads until <paramref name="into"/> is full or the file ends; how many bytes were read.</summary>
    public int Fill(Span<byte> into)
    {
        var total = 0;
        int read;
        while (total < into.Length && (read = Read(into[total..])) > 0) total += read;
        return total;
    }

    /// <summary>
    /// This file read from <paramref name="offset"/> on, for one thread of a read in parts: a copy sharing the open file,
    /// with a failure of its own (<see cref="Failed"/>); never disposed itself.
    /// </summary>
    public readonly PositionalFile At(long offset)
    {
        var copy = this;
        copy._offset = offset;
        return copy;
    }

    /// <summary>Closes what <see cref="SharedReadFile"/> opened (nothing for a .NET handle).</summary>
    public void Dispose() => _shared.Dispose();
}
