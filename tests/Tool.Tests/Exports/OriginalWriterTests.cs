using System.Text;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Exports;
using TraceCurate.Formats;
using TraceCurate.Pipeline;
using TraceCurate.Scripting;
using TraceCurate.Tests.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// <c>format: original</c> (issue 3, item 7): line formats copy each kept record as a line; session formats copy each
/// kept session's file unchanged into the output path taken as a folder, one file per session.
/// </summary>
public sealed class OriginalWriterTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Kept_sessions_are_copied_unchanged_one_file_each_named_after_the_input()
    {
        var codex = Directory.EnumerateFiles(RepoPaths.Samples("codex")).Order(StringComparer.Ordinal).ToList();
        var swe = RepoPaths.Samples("swe-agent", "example__timekit-17.traj");
        var outDir = _dir.File("out");
        RecipeJob.Run(Path.Combine(RepoPaths.Root, "recipes", "sessions-with-failures.yaml"),
            new RunOptions { OutDir = outDir, Cache = CompileCache.Disabled, Threads = 2 });
        // Hand-checked: the SWE-agent sample and two Codex samples (the older-layout one of 2025-08-20, whose first test
        // run exits 1, and the one of 09-12-03) have a failed action; the Codex sample of 10-02-41 has none.
        var failing = codex.Where(f => !f.Contains("10-02-41", StringComparison.Ordinal)).ToList();
        var written = Directory.EnumerateFiles(Path.Combine(outDir, "sessions")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal([Path.GetFileName(swe), .. failing.Select(Path.GetFileName)], written);
        foreach (var file in failing)
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(outDir, "sessions", Path.GetFileName(file))));
        Assert.Equal(File.ReadAllBytes(swe), File.ReadAllBytes(Path.Combine(outDir, "sessions", Path.GetFileName(swe))));
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "manifest.json")));
        // A folder output is one manifest entry that lists its files: one record each.
        var sessions = manifest.RootElement.GetProperty("outputs").EnumerateArray()
            .Single(o => o.GetProperty("path").GetString()!.StartsWith("sessions", StringComparison.Ordinal));
        Assert.Equal(1 + failing.Count, sessions.GetProperty("records").GetInt32());
        var files = sessions.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToList();
        Assert.Equal(["sessions/" + Path.GetFileName(swe), .. failing.Select(f => "sessions/" + Path.GetFileName(f))], files);
    }

    [Fact]
    public void Two_inputs_with_one_name_get_distinct_names_in_input_order_and_gz_is_written_decompressed()
    {
        var sample = Directory.EnumerateFiles(RepoPaths.Samples("codex")).Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(sample);
        _dir.Write("in/a/rollout.jsonl", bytes);
        _dir.Write("in/b/rollout.jsonl.gz", FormatDetectorTests.Gzip(bytes));
        _dir.Write("in/c/rollout.jsonl", bytes);
        var run = RecipeRun.RunLogged(_dir, "name: dup\ninputs: [in]\noutputs:\n  - path: out/\n    format: original\n");
        var dir = Path.Combine(run.OutDir, "out");
        Assert.Equal(["rollout-2.jsonl", "rollout-3.jsonl", "rollout.jsonl"], Directory.EnumerateFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.EnumerateFiles(dir), f => Assert.Equal(bytes, File.ReadAllBytes(f)));
    }

    [Fact]
    public void Several_traces_of_one_session_write_the_file_once()
    {
        var target = new OutputTarget("sessions", _dir.Path);
        var raw = Encoding.UTF8.GetBytes("{\"whole\": \"session\"}\n");
        var source = new TraceSource("/data/s.jsonl", 1, raw) { WholeFile = true };
        using (var writer = new OriginalWriter(target))
        {
            writer.Write(Trace("s#leaf=1", source));
            writer.Write(Trace("s#leaf=2", source with { })); // a distinct source object for the same file
            writer.Complete();
            Assert.Equal(1, writer.Records);
        }
        Assert.Equal(["sessions/s.jsonl"], target.Files);
        Assert.Equal(raw, File.ReadAllBytes(_dir.File("sessions/s.jsonl")));
    }

    [Fact]
    public void Line_records_are_copied_one_per_line_and_a_record_with_several_traces_once()
    {
        var target = new OutputTarget("kept.jsonl", _dir.Path);
        var one = new TraceSource("/data/x.jsonl", 1, Encoding.UTF8.GetBytes("{\"a\":1}"));
        var two = new TraceSource("/data/x.jsonl", 2, Encoding.UTF8.GetBytes("{\"b\":2}"));
        using (var writer = new OriginalWriter(target))
        {
            writer.Write(Trace("1", one));
            writer.Write(Trace("1-again", one));
            writer.Write(Trace("2", two));
            writer.Complete();
            Assert.Equal(2, writer.Records);
        }
        Assert.Equal("{\"a\":1}\n{\"b\":2}\n", File.ReadAllText(_dir.File("kept.jsonl")));
    }

    [Fact]
    public void Mixing_line_records_and_session_files_in_one_output_is_an_error()
    {
        var target = new OutputTarget("mixed", _dir.Path);
        using var writer = new OriginalWriter(target);
        writer.Write(Trace("line", new TraceSource("/data/x.jsonl", 1, Encoding.UTF8.GetBytes("{}"))));
        var e = Assert.Throws<TraceCurateException>(() =>
            writer.Write(Trace("session", new TraceSource("/data/s.traj", 1, Encoding.UTF8.GetBytes("{}")) { WholeFile = true }, "swe-agent")));
        Assert.Equal(DiagnosticCodes.OutputFailed, e.Diagnostics[0].Code);
        Assert.Contains("swe-agent", e.Diagnostics[0].Message);
    }

    [Fact]
    public void An_output_that_kept_nothing_is_an_empty_file_unless_its_path_names_a_folder()
    {
        var file = new OutputTarget("none.jsonl", _dir.Path);
        var folder = new OutputTarget("none/", _dir.Path);
        foreach (var target in new[] { file, folder })
        {
            using var writer = new OriginalWriter(target);
            writer.Complete();
        }
        Assert.Equal(0, new FileInfo(_dir.File("none.jsonl")).Length);
        Assert.Empty(folder.Files);
    }

    [Theory]
    [InlineData("rollout.jsonl", 2, "rollout-2.jsonl")]
    [InlineData("x.traj.json", 3, "x-3.traj.json")]
    [InlineData("README", 2, "README-2")]
    [InlineData(".hidden", 2, ".hidden-2")]
    public void Duplicate_names_get_a_number_before_the_extension(string name, int n, string expected) =>
        Assert.Equal(expected, SessionFileNames.WithSuffix(name, n));

    [Fact]
    public void Readers_say_whether_one_file_is_one_record()
    {
        var wholeFile = FormatRegistry.Readers.Where(r => r.OneRecordPerFile).Select(r => r.Format).ToHashSet();
        Assert.Superset(new HashSet<string> { "codex", "swe-agent", "mini-swe-agent" }, wholeFile);
        Assert.DoesNotContain("agenttrace", wholeFile);
        Assert.DoesNotContain("trace", wholeFile);
    }

    private static Trace Trace(string id, TraceSource source, string format = "codex") =>
        new() { Id = id, Format = format, Source = source };
}
