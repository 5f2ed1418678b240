using System.IO.Compression;
using System.Security.Cryptography;
using TraceCurate.Formats;
using TraceCurate.Reading;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Reading;

/// <summary>
/// A small session file is read once (<see cref="PrereadFiles"/>): the bytes its detection read, when they are the whole
/// file, go to the worker that reads it. Checked against the files themselves (<see cref="File.ReadAllBytes(string)"/>,
/// <see cref="SHA256.HashData(byte[])"/>): only whole, plain files of a reader that keeps a file as one record are
/// handed on; what is read from them is the record and the hash the file on disk gives; a file handed on is not opened
/// again (removed after its detection, it still reads); and what is held is bounded.
/// </summary>
public sealed class PrereadFilesTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Sample(string format, string name) => File.ReadAllText(RepoPaths.Samples(format, name));

    private static readonly string Codex = Sample("codex", "rollout-2025-10-14T09-12-03-0199a3c2-5b1e-7d40-9f1a-3c2b8e4d7a10.jsonl");

    private InputSpec Spec(string pattern) => new(pattern, _dir.Path, new RecipePosition("INPUT", 0, 0));

    private static byte[] Gzip(string text)
    {
        var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest)) gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        return memory.ToArray();
    }

    [Fact]
    public void Detection_hands_on_the_bytes_of_whole_small_session_files_only()
    {
        var codex = _dir.Write("in/a-codex.jsonl", Codex);
        var pi = _dir.Write("in/b-pi.jsonl", Sample("pi", "fix-grid-snap.jsonl"));
        var claude = _dir.Write("in/c-claude.jsonl", "\uFEFF" + Sample("claude-code", "no-parent-links.jsonl")); // a BOM is the file's
        var large = _dir.Write("in/d-codex-large.jsonl", Codex + new string(' ', FormatDetector.SmallHeadBytes) + "\n");
        var rows = _dir.Write("in/e-agenttrace.jsonl", Sample("agenttrace", "mbpp.jsonl")); // read line by line, not as one record
        var gzipped = _dir.Write("in/f-codex.jsonl.gz", Gzip(Codex));
        foreach (var path in new[] { codex, pi, claude, rows }) Assert.True(new FileInfo(path).Length < FormatDetector.SmallHeadBytes, path);

        using var resolving = ResolvingInputs.Start([Spec("in")], forcedFormat: null, skipUnknown: false);
        var inputs = resolving.Wait();

        Assert.Equal([codex, pi, claude, large, rows, gzipped], inputs.Select(i => i.Path));
        foreach (var path in new[] { codex, pi, claude }) Assert.Equal(File.ReadAllBytes(path), resolving.Preread.Take(path));
        foreach (var path in new[] { large, rows, gzipped }) Assert.Null(resolving.Preread.Take(path));
        Assert.Null(resolving.Preread.Take(codex)); // taken once
        Assert.Equal(0, resolving.Preread.HeldBytes);
    }

    [Fact]
    public void What_is_held_is_bounded_and_a_file_taken_frees_its_share()
    {
        var held = new PrereadFiles(maxBytes: 100);
        held.Keep("/a.jsonl", new byte[60]);
        held.Keep("/b.jsonl", new byte[60]); // over the bound: read from disk instead
        held.Keep("/c.jsonl.gz", new byte[10]); // named compressed: the stream path reads it
        Assert.Equal(60, held.HeldBytes);
        Assert.Null(held.Take("/b.jsonl"));
        Assert.Null(held.Take("/c.jsonl.gz"));
        Assert.Equal(60, held.Take("/a.jsonl")!.Length);
        Assert.Equal(0, held.HeldBytes);
        held.Keep("/b.jsonl", new byte[60]);
        Assert.Equal(60, held.HeldBytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_file_read_by_its_detection_is_not_read_again_and_reads_as_the_file_would(bool hashed)
    {
        // 300 sessions, each a little different; every other one's detected bytes are kept, then that file is removed.
        var inputs = new List<InputFile>();
        var contents = new List<byte[]>();
        var held = new PrereadFiles();
        for (var i = 0; i < 300; i++)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes((i % 7 == 0 ? "\uFEFF" : "") + Codex + new string(' ', i) + "\n");
            var path = _dir.Write($"r/s{i:D3}.jsonl", bytes);
            inputs.Add(new InputFile(path, new CodexReader(), ReadOptions.Default) { Length = bytes.Length, Index = i });
            contents.Add(bytes);
            if (i % 2 == 0) held.Keep(path, bytes);
        }
        var expected = inputs.Select(f => WholeFile.ReadPlain(f)!.Bytes.ToArray()).ToList(); // as read from disk
        for (var i = 0; i < 300; i += 2) File.Delete(inputs[i].Path);
        var stats = inputs.Select(f => new InputStats(f)).ToArray();

        using var cancel = new CancellationTokenSource();
        var (batches, producer) = RecordBatches.Start(WorkPlan.WholeFiles(RecordBatches.Indexed(inputs, false)), cancel.Token,
            hashed ? new InputHashing(stats, InputHashCache.Disabled) : null, preread: held);
        var read = RecordBatches.Map(batches, b => b.Records.Count, threads: 2, cancel.Token).SelectMany(r => r.Batch.Records).ToList();
        producer.Wait();

        Assert.Equal(300, read.Count);
        for (var i = 0; i < 300; i++)
        {
            Assert.Equal(inputs[i].Path, read[i].File.Path);
            Assert.True(expected[i].AsSpan().SequenceEqual(read[i].Bytes.Span), $"record {i}");
        }
        Assert.Equal(0, held.HeldBytes);
        if (!hashed) return;
        for (var i = 0; i < 300; i++)
        {
            Assert.Equal(contents[i].Length, stats[i].Bytes);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(contents[i])), stats[i].Sha256);
        }
    }

    [Fact]
    public void The_record_made_from_detected_bytes_is_the_one_read_from_disk_or_none_where_the_stream_path_reads()
    {
        var bom = _dir.Write("bom.jsonl", "\uFEFF" + Codex);
        var plain = _dir.Write("plain.jsonl", Codex);
        var namedGzip = _dir.Write("plain-named.jsonl.gz", Codex); // named compressed, stored plain
        var gzip = _dir.Write("stored-gzip.jsonl", Gzip(Codex)); // compressed, named plain
        InputFile Input(string path, long max = ReadLimits.DefaultMaxRecordBytes) =>
            new(path, new CodexReader(), ReadOptions.Default with { Limits = new ReadLimits { MaxRecordBytes = max } }) { Length = new FileInfo(path).Length };

        foreach (var path in new[] { bom, plain })
            Assert.Equal(WholeFile.ReadPlain(Input(path))!.Bytes.ToArray(), WholeFile.FromBytes(Input(path), File.ReadAllBytes(path))!.Bytes.ToArray());
        Assert.Equal(3, File.ReadAllBytes(bom).Length - WholeFile.FromBytes(Input(bom), File.ReadAllBytes(bom))!.Bytes.Length); // the BOM is not content
        foreach (var path in new[] { namedGzip, gzip })
        {
            Assert.Null(WholeFile.ReadPlain(Input(path)));
            Assert.Null(WholeFile.FromBytes(Input(path), File.ReadAllBytes(path)));
        }
        Assert.Null(WholeFile.ReadPlain(Input(plain, max: 100))); // over the record limit: a bad record, told by the stream path
        Assert.Null(WholeFile.FromBytes(Input(plain, max: 100), File.ReadAllBytes(plain)));
    }
}
