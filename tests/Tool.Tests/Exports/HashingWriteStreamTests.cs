using System.Security.Cryptography;
using TraceCurate.Exports;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// Output files hashed while written: the hash is the file's own SHA-256 when written front to back, and nothing
/// (so the runner hashes the file) as soon as a writer seeks back, reads or truncates.
/// </summary>
public sealed class HashingWriteStreamTests
{
    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static FileStream Create(string path) => new(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);

    [Fact]
    public void Writes_of_any_size_in_order_give_the_finished_files_sha256_and_length()
    {
        using var temp = new TempFolder();
        var path = temp.File("out.bin");
        var random = new Random(7);
        var stream = new HashingWriteStream(Create(path));
        for (var i = 0; i < 200; i++)
        {
            var chunk = new byte[random.Next(0, 100_000)];
            random.NextBytes(chunk);
            if (i % 3 == 0) stream.Write(chunk, 0, chunk.Length);
            else stream.Write(chunk.AsSpan());
            if (i % 50 == 0) stream.WriteByte(0x0A);
        }
        Assert.Null(stream.Sha256); // not before the file is closed
        stream.Dispose();

        Assert.Equal(Sha256(path), stream.Sha256);
        Assert.Equal(new FileInfo(path).Length, stream.Bytes);
    }

    [Fact]
    public async Task Asynchronous_writes_are_done_when_they_return_and_hashed_like_the_others()
    {
        // Parquet.Net writes every page with WriteAsync; Stream's default would run it as a thread pool task, and the
        // writer would carry on, with its pooled buffers, on whichever thread finished it.
        using var temp = new TempFolder();
        var path = temp.File("out.bin");
        var stream = new HashingWriteStream(Create(path));
        var chunk = new byte[300_000];
        new Random(3).NextBytes(chunk);
        var task = stream.WriteAsync(chunk, 0, chunk.Length);
        Assert.True(task.IsCompletedSuccessfully);
        Assert.Equal(chunk.Length, stream.Position);
        var valueTask = stream.WriteAsync(chunk.AsMemory(1, 1000));
        Assert.True(valueTask.IsCompletedSuccessfully);
        Assert.True(stream.FlushAsync().IsCompletedSuccessfully);
        await task;
        await valueTask;
        stream.Dispose();

        Assert.Equal(chunk.Length + 1000, new FileInfo(path).Length);
        Assert.Equal(Sha256(path), stream.Sha256);
    }

    [Fact]
    public void A_writer_that_seeks_back_to_patch_a_header_is_not_vouched_for()
    {
        using var temp = new TempFolder();
        var path = temp.File("out.bin");
        var stream = new HashingWriteStream(Create(path));
        stream.Write(new byte[16]);
        stream.Write("body"u8);
        stream.Position = 0;
        stream.Write("HEAD"u8); // the hash so far would be of zeros, not of what the file holds
        stream.Seek(0, SeekOrigin.End);
        stream.Write("tail"u8);
        stream.Dispose();

        Assert.Null(stream.Sha256);
    }

    [Fact]
    public void A_truncated_or_grown_file_is_not_vouched_for()
    {
        using var temp = new TempFolder();
        var shrunk = new HashingWriteStream(Create(temp.File("a.bin")));
        shrunk.Write("0123456789"u8);
        shrunk.SetLength(4);
        shrunk.Dispose();
        Assert.Null(shrunk.Sha256);

        var grown = new HashingWriteStream(Create(temp.File("b.bin")));
        grown.Write("0123"u8);
        grown.SetLength(4096); // zeros nobody wrote
        grown.Dispose();
        Assert.Null(grown.Sha256);
        Assert.Equal(4096, grown.Bytes);
    }

    [Fact]
    public void The_output_target_reports_a_hash_only_for_closed_files_written_front_to_back()
    {
        using var temp = new TempFolder();
        var target = new OutputTarget("data/out.jsonl", temp.Path);
        var stream = target.OpenFile();
        stream.Write("{\"a\":1}\n"u8);
        Assert.False(target.TryGetWrittenHash("data/out.jsonl", out _, out _));
        stream.Dispose();
        Assert.True(target.TryGetWrittenHash("data/out.jsonl", out var bytes, out var sha256));
        Assert.Equal(Sha256(temp.File("data/out.jsonl")), sha256);
        Assert.Equal(8, bytes);
        Assert.False(target.TryGetWrittenHash("data/other.jsonl", out _, out _));
    }
}
