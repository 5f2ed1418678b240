using System.Text;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// Chunks are reused only after every record cut from them is released: records held without release keep their
/// bytes however much is read after them, and a released chunk's array comes back for the next file.
/// The pool is the process's: these tests run alone, or a test reading in parallel takes the released arrays first.
/// </summary>
[Collection(nameof(LineChunkPoolCollection))]
public sealed class LineChunkTests
{
    private static readonly InputFile File = new("in.jsonl", FormatRegistry.Readers[0], ReadOptions.Default);

    private static byte[] Lines(char fill, int count, int length) =>
        Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, count).Select(i => new string(fill, length) + "\n")));

    [Fact]
    public void Held_records_keep_their_bytes_while_released_chunks_are_reused()
    {
        // Two files of 3 chunks' worth each (full-size chunks, the size the pool keeps).
        var lineLength = JsonLines.ChunkBytes / 8;
        // Empty the pool first: arrays other tests left there would otherwise be the ones the second file gets.
        for (var i = 0; i < LineChunk.PoolSize; i++) LineChunk.Rent(JsonLines.ChunkBytes);
        var first = JsonLines.Split(new MemoryStream(Lines('a', 24, lineLength)), File).ToList();
        foreach (var record in first) record.Release();
        var held = JsonLines.Split(new MemoryStream(Lines('b', 24, lineLength)), File).ToList(); // reuses a's arrays
        var third = JsonLines.Split(new MemoryStream(Lines('c', 24, lineLength)), File).ToList(); // b's are not released

        Assert.Contains(held, r => first.Any(f => SameArray(f, r))); // a released chunk came back
        Assert.DoesNotContain(third, r => held.Any(h => SameArray(h, r))); // a held one never does
        Assert.All(held, r => Assert.True(r.Bytes.Span.IndexOfAnyExcept((byte)'b') < 0));
        Assert.All(third, r => Assert.True(r.Bytes.Span.IndexOfAnyExcept((byte)'c') < 0));
    }

    [Fact]
    public void Releasing_a_record_twice_is_a_bug_that_is_caught()
    {
        var records = JsonLines.Split(new MemoryStream(Lines('x', 2, 10)), File).ToList();
        records[0].Release();
        records[1].Release();

        Assert.Throws<InvalidOperationException>(() => records[1].Release());
    }

    private static bool SameArray(RawRecord a, RawRecord b) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(a.Bytes, out var x)
        && System.Runtime.InteropServices.MemoryMarshal.TryGetArray(b.Bytes, out var y) && ReferenceEquals(x.Array, y.Array);
}

[CollectionDefinition(nameof(LineChunkPoolCollection), DisableParallelization = true)]
public sealed class LineChunkPoolCollection;
