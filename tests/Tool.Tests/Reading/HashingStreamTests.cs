using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Pipeline;
using TraceCurate.Reading;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Reading;

/// <summary>
/// The hashing stream a run reads its inputs through is seekable over a file (so a run reads a session into one array of
/// its length and checks compression without opening the file again), and its hash is still the file's SHA-256 as
/// <see cref="SHA256.HashData(byte[])"/> computes it over the file's bytes, however the reader peeks, seeks back or skips.
/// </summary>
public sealed class HashingStreamTests
{
    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Theory]
    [InlineData(0)] // FileStream without a buffer (files up to 64 KB, FormatDetector.OpenRaw)
    [InlineData(1 << 16)] // with OpenRaw's 64 KB buffer
    public void A_peek_and_seek_back_then_reads_of_odd_sizes_hash_each_byte_once(int bufferSize)
    {
        using var temp = new TempFolder();
        var bytes = RandomBytes(200_003, 1);
        var path = temp.File("f.bin");
        File.WriteAllBytes(path, bytes);

        using var stream = new HashingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize));
        Assert.True(stream.CanSeek);
        Assert.Equal(bytes.Length, stream.Length);
        Assert.Equal(FormatDetector.Compression.None, FormatDetector.CompressionOf(stream)); // reads 4 bytes, puts the position back
        Assert.Equal(0, stream.Position);
        var read = new byte[bytes.Length];
        var total = 0;
        for (var size = 1; total < read.Length; size = size * 3 + 1)
            total += stream.Read(read, total, Math.Min(size, read.Length - total));
        Assert.Equal(-1, stream.ReadByte());

        Assert.Equal(bytes, read);
        Assert.Equal(bytes.Length, stream.BytesRead);
        Assert.Equal(Sha256(bytes), stream.Sha256());
    }

    [Fact]
    public void Seeking_back_and_forth_and_past_unread_bytes_still_hashes_the_file_in_order()
    {
        using var temp = new TempFolder();
        var bytes = RandomBytes(150_000, 2);
        var path = temp.File("f.bin");
        File.WriteAllBytes(path, bytes);

        using var stream = new HashingStream(File.OpenRead(path));
        var chunk = new byte[1000];
        stream.ReadExactly(chunk);
        stream.Position = 10; // back: re-read bytes are not hashed again
        stream.ReadExactly(chunk);
        Assert.Equal(bytes.AsSpan(10, 1000).ToArray(), chunk);
        stream.Seek(100_000, SeekOrigin.Begin); // forward past unread bytes: they are read and hashed on the way
        Assert.Equal(100_000, stream.BytesRead);
        stream.ReadExactly(chunk);
        Assert.Equal(bytes.AsSpan(100_000, 1000).ToArray(), chunk);
        stream.Seek(-5, SeekOrigin.End);
        Assert.Equal(bytes.Length - 5, stream.Position);
        stream.CopyTo(Stream.Null);

        Assert.Equal(bytes.Length, stream.BytesRead);
        Assert.Equal(Sha256(bytes), stream.Sha256());
    }

    [Fact]
    public void Over_a_stream_that_cannot_seek_it_cannot_either_and_hashes_what_is_read()
    {
        var bytes = RandomBytes(70_000, 3);
        using var stream = new HashingStream(new GZipStream(new MemoryStream(Gzip(bytes)), CompressionMode.Decompress));
        Assert.False(stream.CanSeek);
        Assert.Throws<NotSupportedException>(() => stream.Length);
        Assert.Throws<NotSupportedException>(() => stream.Position = 0);
        stream.CopyTo(Stream.Null);
        Assert.Equal(bytes.Length, stream.BytesRead);
        Assert.Equal(Sha256(bytes), stream.Sha256());
    }

    [Fact]
    public void A_known_hash_is_given_back_and_the_bytes_are_still_counted()
    {
        var bytes = RandomBytes(5_000, 4);
        using var stream = new HashingStream(new MemoryStream(bytes), knownSha256: new string('a', 64));
        stream.ReadByte();
        stream.Position = 0;
        stream.CopyTo(Stream.Null);
        Assert.Equal(bytes.Length, stream.BytesRead);
        Assert.Equal(new string('a', 64), stream.Sha256());
    }

    /// <summary>
    /// End to end: a run over a Claude Code session (read whole, through the seekable stream) and a gzipped copy (through
    /// the decompressor, which cannot seek) records each file's size and SHA-256 as computed here from the file.
    /// </summary>
    [Fact]
    public void A_run_records_the_size_and_sha256_of_plain_and_gzipped_sessions()
    {
        using var temp = new TempFolder();
        var sample = File.ReadAllBytes(RepoPaths.Samples("claude-code", "cart-rounding.jsonl"));
        var plain = temp.File("in/a/plain.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(plain)!);
        File.WriteAllBytes(plain, sample);
        var gz = temp.File("in/b/zipped.jsonl.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(gz)!);
        File.WriteAllBytes(gz, Gzip(sample));
        var recipe = temp.Write("r.yaml", "name: r\noutputs:\n  - {path: kept.openai.jsonl, format: openai}\n");

        RecipeJob.Run(recipe, new RunOptions { OutDir = temp.File("out"), Inputs = [temp.File("in")], InputHashes = InputHashCache.Disabled, Cache = temp.Cache });

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(temp.File("out/manifest.json")));
        var inputs = manifest.RootElement.GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal(2, inputs.Count);
        foreach (var (input, file) in inputs.Zip([plain, gz]))
        {
            var stored = File.ReadAllBytes(file);
            Assert.Equal(stored.Length, input.GetProperty("bytes").GetInt64());
            Assert.Equal(Sha256(stored), input.GetProperty("sha256").GetString());
            Assert.True(input.GetProperty("traces").GetInt64() >= 1);
        }
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(bytes);
        return buffer.ToArray();
    }
}
