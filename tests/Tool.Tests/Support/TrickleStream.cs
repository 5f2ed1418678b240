namespace TraceCurate.Tests.Support;

/// <summary>A stream that returns at most <c>step</c> bytes per read, so records straddle many buffer refills.</summary>
internal sealed class TrickleStream(byte[] data, int step) : MemoryStream(data)
{
    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, step));

    public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, step)]);
}
