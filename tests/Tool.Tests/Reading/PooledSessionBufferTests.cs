using System.Runtime.InteropServices;
using System.Text;
using TraceCurate.Formats;
using TraceCurate.Inspect;
using TraceCurate.Reading;
using TraceCurate.Recipes;
using TraceCurate.Tests.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Reading;

/// <summary>
/// Session files over the large-object threshold are read into pooled arrays (<see cref="FileBuffers"/>), reused once
/// their record is released: a released array comes back for a later file, a held one never does, and every record's
/// bytes are its own file's (compared with the file read by <see cref="File.ReadAllBytes(string)"/>). Inspect releases
/// its batches (<see cref="TraceReadingOptions.ReleaseRecords"/>), and its figures are those of reading without release.
/// Runs with the chunk tests: the pool is the process's.
/// </summary>
[Collection(nameof(LineChunkPoolCollection))]
public sealed class PooledSessionBufferTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly InputFile Session = new("s.jsonl", FormatRegistry.Readers[0], ReadOptions.Default);

    private string SessionFile(string name, char fill, int length) =>
        _dir.Write(name, string.Concat(Enumerable.Repeat("{\"x\":\"" + new string(fill, 94) + "\"}\n", length / 100)));

    private static RawRecord ReadWhole(string path)
    {
        using var stream = File.OpenRead(path);
        return Assert.Single(WholeFile.Split(stream, Session with { Path = path }).ToList());
    }

    [Fact]
    public void Released_session_arrays_are_reused_and_held_ones_keep_their_file()
    {
        // Sizes of one power-of-two bucket (the pool's unit), above the large-object threshold.
        var paths = new[] { SessionFile("a.jsonl", 'a', 150_000), SessionFile("b.jsonl", 'b', 200_000), SessionFile("c.jsonl", 'c', 180_000) };
        var first = ReadWhole(paths[0]);
        first.Release();
        var held = ReadWhole(paths[1]); // takes a's array (or another released one of that size)
        var third = ReadWhole(paths[2]); // b's is held: never handed out again

        Assert.NotNull(first.Chunk);
        Assert.False(SameArray(held, third));
        Assert.Equal(File.ReadAllBytes(paths[1]), held.Bytes.ToArray());
        Assert.Equal(File.ReadAllBytes(paths[2]), third.Bytes.ToArray());
        held.Release();
        var again = ReadWhole(paths[0]);
        Assert.Equal(File.ReadAllBytes(paths[0]), again.Bytes.ToArray());
        Assert.True(SameArray(again, held) || SameArray(again, first)); // a released array came back
        third.Release();
        again.Release();
    }

    [Fact]
    public void Small_sessions_are_not_pooled_and_a_session_that_grows_past_its_array_is_read_whole()
    {
        var small = ReadWhole(SessionFile("small.jsonl", 's', 20_000));
        Assert.Null(small.Chunk);

        // A stream that reports one length and holds more (a file that grew since its length was read).
        var grown = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"x\":\"" + new string('g', 94) + "\"}\n", 4000)));
        var record = Assert.Single(WholeFile.Split(new ShortLengthStream(grown, 100_000), Session).ToList());
        Assert.Equal(grown, record.Bytes.ToArray());
        record.Release();
    }

    [CorpusFact("claude-code")]
    public void Inspect_figures_are_the_same_with_batches_released_as_without()
    {
        // Three copies of the corpus sessions, so that arrays released by earlier files are reused by later ones.
        CopyCorpusThrice("in");

        var released = Figures(release: true);
        var kept = Figures(release: false);

        Assert.Equal(Encoding.UTF8.GetString(kept), Encoding.UTF8.GetString(released));
    }

    [CorpusFact("claude-code")]
    public void A_run_over_three_copies_of_the_sessions_writes_three_identical_thirds()
    {
        // The runner releases each batch's records once it is written: a session array reused while a later write still
        // read it would show as a third that differs from the others. The stateful cap (which keeps all three copies of
        // each id) makes the traces be rendered at write time, on the writing thread, not on the workers.
        CopyCorpusThrice("in");
        var run = RecipeRun.RunLogged(_dir, """
            name: thirds
            inputs:
              - {path: in/, format: claude-code}
            steps:
              - cap: {per: t.Id, max: 3}
            outputs:
              - {path: traces.jsonl, format: trace}
              - {path: chat.jsonl, format: openai}
            """);
        foreach (var output in new[] { "traces.jsonl", "chat.jsonl" })
        {
            var lines = File.ReadAllLines(Path.Combine(run.OutDir, output));
            Assert.True(lines.Length >= 3 && lines.Length % 3 == 0, $"{output}: {lines.Length} lines");
            var third = lines.Length / 3;
            Assert.Equal(lines[..third], lines[third..(2 * third)]);
            Assert.Equal(lines[..third], lines[(2 * third)..]);
        }
    }

    private void CopyCorpusThrice(string under)
    {
        var corpus = CorpusCounts.File("claude-code");
        foreach (var copy in new[] { "one", "two", "three" })
            foreach (var file in Directory.GetFiles(corpus, "*.jsonl", SearchOption.AllDirectories))
            {
                var target = Path.Combine(_dir.Path, under, copy, Path.GetRelativePath(corpus, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        Assert.Contains(Directory.GetFiles(_dir.Path, "*.jsonl", SearchOption.AllDirectories), f => new FileInfo(f).Length > FileBuffers.Smallest);
    }

    private byte[] Figures(bool release)
    {
        var inputs = InputResolver.Resolve([new InputSpec(_dir["in"], _dir.Path, new RecipePosition("INPUT", 0, 0))], "claude-code");
        var inspection = new Inspection();
        foreach (var input in inputs) inspection.AddInput(input.Path, input.Reader.Format);
        foreach (var read in TraceReading.Read(inputs, new TraceReadingOptions { Threads = 2, ReleaseRecords = release }))
            inspection.Add(read.Trace);
        return StatisticsJson.Build(inspection);
    }

    private static bool SameArray(RawRecord a, RawRecord b) =>
        MemoryMarshal.TryGetArray(a.Bytes, out var x) && MemoryMarshal.TryGetArray(b.Bytes, out var y) && ReferenceEquals(x.Array, y.Array);

    /// <summary>A seekable stream whose length says fewer bytes than it gives.</summary>
    private sealed class ShortLengthStream(byte[] bytes, long reported) : MemoryStream(bytes)
    {
        public override long Length => reported;
    }
}
