using System.IO.Compression;
using System.Security.Cryptography;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Reading;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Reading;

/// <summary>
/// Whole session files are read on the workers (<see cref="UnreadFiles"/>, <see cref="RecordBatches.Map"/>), several
/// to a batch, between files the producer reads itself (a line-split AgentTrace file): each record is its own file's
/// bytes (compared with <see cref="File.ReadAllBytes(string)"/>, a <c>.gz</c> one with <see cref="GZipStream"/>), in input
/// order with contiguous ordinals, and each file's size and SHA-256 are those of its stored bytes (computed here with
/// <see cref="SHA256.HashData(byte[])"/>), whatever the thread count. A file that cannot be read fails after every record
/// before it, naming the file and line 1, as the producer's read failures do.
/// </summary>
public sealed class WorkerReadTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static InputFile Input(string path, string format) =>
        new(path, FormatRegistry.Find(format)!, ReadOptions.Default) { Length = new FileInfo(path).Length };

    /// <summary>
    /// 400 Codex sessions (the samples, each copy a little different), one gzipped, one with a byte-order mark, one of
    /// 8 MB, and an AgentTrace file of 300 lines at position 150: more than one batch of unread files on each side of it.
    /// </summary>
    private List<InputFile> Inputs()
    {
        var samples = Directory.GetFiles(RepoPaths.Samples("codex"), "*.jsonl").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        var inputs = new List<InputFile>();
        for (var i = 0; i < 400; i++)
        {
            var text = samples[i % samples.Count] + new string(' ', i) + "\n";
            if (i == 150)
            {
                var rows = AgentTraceLines.Samples().ToList();
                inputs.Add(Input(_dir.Write("rows.jsonl", Enumerable.Range(0, 300).Select(n => rows[n % rows.Count])), "agenttrace"));
            }
            inputs.Add(i switch
            {
                7 => Input(_dir.Write($"s{i:D3}.jsonl.gz", Gzip(text)), "codex"),
                // A byte-order mark is not the record's, but it is the file's: its size and hash count it.
                20 => Input(_dir.Write($"s{i:D3}.jsonl", [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(text)]), "codex"),
                // Large enough to be read in parts on the threads where the read may use them (SessionParts.LargeBytes).
                30 => Input(_dir.Write($"s{i:D3}.jsonl", text + new string(' ', (int)SessionParts.LargeBytes) + "\n"), "codex"),
                _ => Input(_dir.Write($"s{i:D3}.jsonl", text), "codex"),
            });
        }
        return inputs;
    }

    private static byte[] Gzip(string text)
    {
        var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest)) gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        return memory.ToArray();
    }

    /// <summary>A file's record, as the reader's splitter gives it: its content, without a byte-order mark.</summary>
    private static byte[] Content(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal))
        {
            var bytes = File.ReadAllBytes(path);
            return bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        }
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Each record read, in the order consumed, with its ordinal; then the error that ended reading, if any.</summary>
    private static (List<(RawRecord Record, long Ordinal)> Read, TraceCurateException? Error) ReadAll(IReadOnlyList<InputFile> inputs,
        int threads, InputHashing? hashing = null) => ReadAll(inputs, threads, hashing, []);

    private static (List<(RawRecord Record, long Ordinal)> Read, TraceCurateException? Error) ReadAll(IReadOnlyList<InputFile> inputs,
        int threads, InputHashing? hashing, List<bool> readOnWorkers)
    {
        using var cancel = new CancellationTokenSource();
        var (batches, producer) = RecordBatches.Start(WorkPlan.WholeFiles(RecordBatches.Indexed(inputs, false)), cancel.Token, hashing);
        var read = new List<(RawRecord, long)>();
        try
        {
            foreach (var (batch, count) in RecordBatches.Map(batches, b => b.Records.Count, threads, cancel.Token))
            {
                Assert.Equal(batch.Records.Count, count); // the map saw the records the worker read
                readOnWorkers.Add(batch.Unread is not null);
                read.AddRange(batch.Records.Select((r, i) => (r, batch.Ordinal + i)));
            }
            return (read, null);
        }
        catch (TraceCurateException e)
        {
            return (read, e);
        }
        finally
        {
            cancel.Cancel();
            try { producer.Wait(); } catch (AggregateException) { }
        }
    }

    /// <summary>
    /// A record's <see cref="RawRecord.Load"/> tells its reader whether another worker maps a batch at the same time (a
    /// large rollout is read on the other threads only while they are idle): two workers held inside their batches
    /// together each see the other; after them, one worker left alone sees none.
    /// </summary>
    [Fact]
    public void A_record_s_load_says_whether_another_worker_maps_a_batch()
    {
        using var cancel = new CancellationTokenSource();
        var (batches, _) = RecordBatches.Start(WorkPlan.WholeFiles(RecordBatches.Indexed(Inputs(), false)), cancel.Token);
        using var together = new Barrier(2);
        var entered = 0;
        var seen = new List<bool>();
        foreach (var (_, othersIdle) in RecordBatches.Map(batches, b =>
                 {
                     if (Interlocked.Increment(ref entered) > 2) return b.Records[0].Load!.OthersIdle;
                     // Both inside their batches before either looks, and both looked before either leaves.
                     Assert.True(together.SignalAndWait(TimeSpan.FromSeconds(60)), "two workers never mapped a batch at once");
                     var idle = b.Records[0].Load!.OthersIdle;
                     together.SignalAndWait(TimeSpan.FromSeconds(60));
                     return idle;
                 }, threads: 2, cancel.Token))
            seen.Add(othersIdle);
        Assert.True(seen.Count > 2);
        Assert.Equal([false, false], seen.Take(2));

        var (alone, _) = RecordBatches.Start(WorkPlan.WholeFiles(RecordBatches.Indexed(Inputs(), false)), cancel.Token);
        Assert.All(RecordBatches.Map(alone, b => b.Records[0].Load!.OthersIdle, threads: 1, cancel.Token), r => Assert.True(r.Result));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Session_files_read_on_the_workers_are_their_files_bytes_in_input_order_and_hashed_as_stored(int threads)
    {
        var inputs = Inputs();
        var stats = inputs.Select((f, i) => new InputStats(f with { Index = i })).ToArray();

        var readOnWorkers = new List<bool>();
        var (read, error) = ReadAll(inputs, threads, new InputHashing(stats, InputHashCache.Disabled), readOnWorkers);

        Assert.Null(error);
        // Batches of unread session files (each ~1 MB or 256 files) on both sides of the AgentTrace file the producer read.
        Assert.True(readOnWorkers.Count(w => w) >= 2, string.Join(",", readOnWorkers));
        Assert.Contains(false, readOnWorkers);
        var expected = inputs.SelectMany(f => f.Reader is AgentTraceReader
            ? File.ReadAllLines(f.Path).Select(l => (f.Path, System.Text.Encoding.UTF8.GetBytes(l)))
            : [(f.Path, Content(f.Path))]).ToList();
        Assert.Equal(expected.Count, read.Count);
        Assert.Equal(Enumerable.Range(0, read.Count).Select(i => (long)i), read.Select(r => r.Ordinal));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Path, read[i].Record.File.Path);
            Assert.True(expected[i].Item2.AsSpan().SequenceEqual(read[i].Record.Bytes.Span), $"record {i} ({expected[i].Path})");
        }
        foreach (var input in stats)
        {
            var stored = File.ReadAllBytes(input.File.Path);
            Assert.Equal(stored.Length, input.Bytes);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stored)), input.Sha256);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_session_file_that_cannot_be_read_fails_after_every_record_before_it(int threads)
    {
        var inputs = Inputs();
        var gone = inputs[300];
        File.Delete(gone.Path); // resolved, then removed before the run reached it

        var (read, error) = ReadAll(inputs, threads);

        Assert.NotNull(error);
        Assert.Equal(inputs.Take(300).Sum(f => f.Reader is AgentTraceReader ? 300 : 1), read.Count);
        Assert.Equal(DiagnosticCodes.InputUnreadable, error.Diagnostics[0].Code);
        Assert.Equal(gone.Path, error.Diagnostics[0].Path);
        Assert.Equal(1, error.Diagnostics[0].Line);
        Assert.Contains("cannot be read past this point (FileNotFoundException", error.Message);
    }

    [Fact]
    public void Only_whole_plain_files_of_a_one_record_per_file_reader_are_read_on_the_workers()
    {
        var session = Input(_dir.Write("s.jsonl", "{}\n"), "codex");
        Assert.True(UnreadFiles.Takes(new WorkUnit(session, 0, session.Length) { IsWholeFile = true }));
        Assert.False(UnreadFiles.Takes(new WorkUnit(session with { IsStream = true }, 0, session.Length) { IsWholeFile = true })); // a pipe: read once, by the producer
        Assert.False(UnreadFiles.Takes(new WorkUnit(Input(session.Path, "agenttrace"), 0, session.Length) { IsWholeFile = true }));
        // Every reader listed splits any content into exactly one record (the batch's ordinals count on it).
        foreach (var reader in FormatRegistry.Readers.Where(UnreadFiles.OneWholeFileRecord))
        {
            Assert.True(reader.OneRecordPerFile, reader.Format);
            using var content = new MemoryStream("{\"a\":1}\n{\"b\":2}\n"u8.ToArray());
            Assert.Single(reader.Split(content, session with { Reader = reader, Length = content.Length }));
        }
        Assert.True(FormatRegistry.Readers.Count(UnreadFiles.OneWholeFileRecord) >= 5);
    }
}
