namespace TraceCurate.Formats;

/// <summary>
/// Inputs that can be read only once: a pipe (<c>cat f | trace-curate inspect /dev/stdin</c>, <c>run -i &lt;(cat f)</c>),
/// a FIFO, a device. Each is opened once, when the inputs are resolved; detection reads its head through
/// <see cref="StreamInput.Recording"/>, which keeps what it read, and the one later read (<see cref="StreamInput.Take"/>)
/// replays those bytes before the rest. Opening such a path a second time would give another reader of the same pipe
/// (the bytes the first one took are gone) or block waiting for a writer that has finished: every open of an input by
/// path goes through <see cref="FormatDetector.OpenRaw"/>, which asks here first.
/// </summary>
public static class StreamInputs
{
    private static readonly Dictionary<string, StreamInput> Open = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens <paramref name="path"/> (a full path) for one read, when the inputs are resolved. A path resolved again in
    /// the same process after its one read (a second command run in process) is opened anew.
    /// </summary>
    public static StreamInput For(string path)
    {
        lock (Open) // an open is never repeated: a second open of a FIFO would wait for a second writer
        {
            if (Open.TryGetValue(path, out var input) && !input.IsTaken) return input;
            return Open[path] = new StreamInput(path);
        }
    }

    public static StreamInput? Find(string path)
    {
        lock (Open) return Open.TryGetValue(path, out var input) ? input : null;
    }
}

/// <summary>One input read once (see <see cref="StreamInputs"/>): the open stream and the bytes already read from it.</summary>
public sealed class StreamInput
{
    private readonly Stream _raw;
    private readonly MemoryStream _recorded = new();
    private bool _taken;

    internal StreamInput(string path)
    {
        Path = path;
        _raw = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
    }

    public string Path { get; }

    /// <summary>Whether the one read has begun (<see cref="Take"/>).</summary>
    public bool IsTaken => _taken;

    /// <summary>The first bytes of the stream (reading and keeping them if needed), without consuming them for <see cref="Take"/>.</summary>
    public ReadOnlySpan<byte> Peek(int count)
    {
        if (_taken) return _recorded.GetBuffer().AsSpan(0, (int)Math.Min(count, _recorded.Length)); // the head it had
        using (var recording = Recording()) recording.ReadAtLeast(new byte[count], count, throwOnEndOfStream: false);
        return _recorded.GetBuffer().AsSpan(0, (int)Math.Min(count, _recorded.Length));
    }

    /// <summary>A stream over the input from its start that keeps every byte it reads, for detection; dispose it after.</summary>
    public Stream Recording()
    {
        if (_taken) throw new InvalidOperationException($"{Path} was already read");
        return new RecordingStream(this);
    }

    /// <summary>The whole input, from its first byte: the recorded head, then the rest. Only once.</summary>
    public Stream Take()
    {
        if (_taken) throw new IOException($"{Path} is a pipe or device and was already read once; it cannot be read again");
        _taken = true;
        var head = _recorded.ToArray();
        _recorded.SetLength(Math.Min(_recorded.Length, 16)); // enough for Peek at magic bytes, later
        return new ReplayStream(head, _raw);
    }

    /// <summary>Reads through to the raw stream from where the recording stands, appending to it.</summary>
    private sealed class RecordingStream(StreamInput input) : ReadOnlyStream
    {
        private long _position;

        public override int Read(Span<byte> buffer)
        {
            var recorded = input._recorded;
            if (_position < recorded.Length)
            {
                var n = (int)Math.Min(buffer.Length, recorded.Length - _position);
                recorded.GetBuffer().AsSpan((int)_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }
            var read = input._raw.Read(buffer);
            recorded.Write(buffer[..read]);
            _position += read;
            return read;
        }
    }

    /// <summary>The recorded head, then the raw stream; disposing it closes the input.</summary>
    private sealed class ReplayStream(byte[] head, Stream raw) : ReadOnlyStream
    {
        private int _position;

        public override int Read(Span<byte> buffer)
        {
            if (_position < head.Length)
            {
                var n = Math.Min(buffer.Length, head.Length - _position);
                head.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }
            return raw.Read(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) raw.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>The members every forward-only read stream shares.</summary>
public abstract class ReadOnlyStream : Stream
{
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

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
