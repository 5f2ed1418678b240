namespace TraceCurate.Parquet;

/// <summary>
/// Write-only pass-through that counts bytes, so page and chunk offsets are file offsets even
/// when the underlying stream cannot seek (stdout, network) or did not start at position 0.
/// </summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    public Stream Inner { get; } = inner;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Position;
    public override long Position { get; set; }
    public override void Flush() => Inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Inner.Write(buffer);
        Position += buffer.Length;
    }
}
