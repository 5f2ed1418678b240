using System.Security.Cryptography;

namespace TraceCurate.Reading;

/// <summary>
/// A read-only pass-through that counts and SHA-256-hashes the bytes read, so inputs are hashed in the same pass that
/// parses them. Given the hash already (<see cref="InputHashCache"/>), it only counts.
/// <para>
/// Over a seekable file it is seekable too, so that a run reads an input as <c>inspect</c> does: the compression check
/// peeks at the first bytes and puts the position back instead of opening the file again by its path, and a whole-file
/// session is read into one array of the file's length instead of a buffer grown by doubling (each doubling a copy,
/// and up to twice the file's size held). The hash stays that of the file's bytes in order, each byte once: only bytes
/// past the furthest point read so far are hashed (a re-read after seeking back is not hashed again), and a seek past that
/// point reads and hashes the bytes it skips.
/// </para>
/// </summary>
internal sealed class HashingStream(Stream inner, string? knownSha256 = null) : Stream
{
    private readonly IncrementalHash? _hash = knownSha256 is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

    /// <summary>Where the stream stood when wrapped: positions here are relative to it, as the bytes hashed are.</summary>
    private readonly long _origin = inner.CanSeek ? inner.Position : 0;

    private long _position;

    /// <summary>Bytes hashed (and counted): the first <see cref="BytesRead"/> bytes, each once.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The lowercase hex SHA-256 of everything read; call after reading to the end.</summary>
    public string Sha256() => knownSha256 ?? Convert.ToHexStringLower(_hash!.GetHashAndReset());

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        var end = _position + n;
        if (end > BytesRead)
        {
            // Bytes before BytesRead were hashed on an earlier read (before a seek back): hash only what is new.
            _hash?.AppendData(buffer[(int)(BytesRead - _position)..n]);
            BytesRead = end;
        }
        _position = end;
        return n;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.CanSeek ? inner.Length - _origin : throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (!inner.CanSeek) throw new NotSupportedException();
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target > BytesRead)
        {
            // Never skip bytes the hash has not seen: read them (hashing them) up to the target, or to the end.
            inner.Position = _origin + BytesRead;
            _position = BytesRead;
            var skipped = new byte[(int)Math.Min(target - BytesRead, 1 << 16)];
            while (_position < target && Read(skipped.AsSpan(0, (int)Math.Min(skipped.Length, target - _position))) > 0) { }
            if (_position == target) return target;
        }
        inner.Position = _origin + target;
        _position = target;
        return target;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) { inner.Dispose(); _hash?.Dispose(); }
        base.Dispose(disposing);
    }
}
