using System.Security.Cryptography;

namespace TraceCurate.Reading;

/// <summary>
/// A read-only pass-through that counts and SHA-256-hashes the bytes read, so inputs are hashed in the same pass that
/// parses them. Given the hash already (<see cref="InputHashCache"/>), it only counts.
/// </summary>
internal sealed class HashingStream(Stream inner, string? knownSha256 = null) : Stream
{
    private readonly IncrementalHash? _hash = knownSha256 is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

    public long BytesRead { get; private set; }

    /// <summary>The lowercase hex SHA-256 of everything read; call after reading to the end.</summary>
    public string Sha256() => knownSha256 ?? Convert.ToHexStringLower(_hash!.GetHashAndReset());

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _hash?.AppendData(buffer[..n]);
        BytesRead += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) { inner.Dispose(); _hash?.Dispose(); }
        base.Dispose(disposing);
    }
}
