using System.Security.Cryptography;

namespace TraceCurate.Exports;

/// <summary>
/// An output file that hashes what is written to it, so the manifest's SHA-256 needs no second pass over the file.
/// Only a file written front to back is vouched for: a writer that seeks, reads or truncates makes
/// <see cref="Sha256"/> null, and the caller hashes the finished file instead.
/// </summary>
internal sealed class HashingWriteStream(FileStream inner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _hashed;
    private bool _sequential = true;
    private bool _disposed;

    /// <summary>The lowercase hex SHA-256 of the file once disposed, if it was written front to back; else null.</summary>
    public string? Sha256 { get; private set; }

    /// <summary>The file's length once disposed.</summary>
    public long Bytes { get; private set; }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_sequential && inner.Position == _hashed)
        {
            _hash.AppendData(buffer);
            _hashed += buffer.Length;
        }
        else
        {
            _sequential = false;
        }
        inner.Write(buffer);
    }

    // Written in place, on the caller's thread. Stream's own asynchronous methods run the synchronous ones as thread pool
    // tasks: a library writing through them (Parquet.Net writes every page with WriteAsync) would then carry on
    // on whichever pool thread finished the write, and every such thread keeps its own pooled buffers
    // (ArrayPool.Shared keeps arrays per thread), so the process holds a page's worth of buffers per thread it
    // happened to use. A buffered file write does not block for long; the tool's writers all run on one thread.
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value)
    {
        if (value < _hashed) _sequential = false;
        inner.SetLength(value);
    }

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }
    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            try
            {
                inner.Flush();
                Bytes = inner.Length;
                // Bytes past what was hashed (SetLength growing the file) are zeros nobody hashed: not vouched for.
                if (_sequential && Bytes == _hashed) Sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
            }
            finally
            {
                inner.Dispose();
                _hash.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
