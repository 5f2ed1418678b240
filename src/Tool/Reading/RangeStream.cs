using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>A read-only view of bytes [start, start + length) of a seekable stream.</summary>
internal sealed class RangeStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private long _remaining;

    public RangeStream(Stream inner, long start, long length)
    {
        _inner = inner;
        _inner.Position = start;
        _remaining = length;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_remaining <= 0) return 0;
        var n = _inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= n;
        return n;
    }

    /// <summary>Counts the line ends in bytes [from, to) of a file, for the line number a range starts at.</summary>
    public static long CountLines(string path, long from, long to)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        stream.Position = from;
        var buffer = new byte[1 << 20];
        long lines = 0, left = to - from;
        int read;
        while (left > 0 && (read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left))) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            left -= read;
        }
        return lines;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
