namespace TraceCurate.Formats;

/// <summary>
/// A read-only stream that lets a splitter look at the first bytes before choosing how to cut (a JSON array whole, or
/// lines), then reads them again: the bytes looked at are replayed, never lost.
/// </summary>
internal sealed class PeekedStream(Stream inner) : Stream
{
    private readonly byte[] _head = new byte[4096];
    private int _headLength = -1;
    private int _headPosition;

    /// <summary>The first byte after an optional BOM and white space in the first 4 KB, or 0.</summary>
    public byte FirstNonSpace()
    {
        Fill();
        var span = _head.AsSpan(0, _headLength);
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        var i = span.IndexOfAnyExcept(" \t\r\n"u8);
        return i < 0 ? (byte)0 : span[i];
    }

    /// <summary>
    /// Whether the first line is a whole JSON value on its own (JSONL), judged on the first 4 KB: a line longer than that,
    /// or a file of one line, counts as whole; an indented document's first line (<c>{</c>) does not.
    /// </summary>
    public bool FirstLineIsWhole()
    {
        Fill();
        return FirstLineIsWhole(_head.AsSpan(0, _headLength));
    }

    /// <summary>The same rule over a file's first bytes, for a reader's sniffing (<see cref="FormatHead"/>).</summary>
    internal static bool FirstLineIsWhole(ReadOnlySpan<byte> span)
    {
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        span = span.TrimStart(" \t\r\n"u8);
        var end = span.IndexOf((byte)'\n');
        if (end < 0) return true;
        var line = span[..end].TrimEnd(" \t\r"u8);
        return line.Length > 1 && line[0] == (byte)'{' && line[^1] == (byte)'}';
    }

    private void Fill()
    {
        if (_headLength >= 0) return;
        _headLength = inner.ReadAtLeast(_head, _head.Length, throwOnEndOfStream: false);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        Fill();
        if (_headPosition < _headLength)
        {
            var n = Math.Min(buffer.Length, _headLength - _headPosition);
            _head.AsSpan(_headPosition, n).CopyTo(buffer);
            _headPosition += n;
            return n;
        }
        return inner.Read(buffer);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
