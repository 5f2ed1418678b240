using TraceCurate.Tests.Support;
using System.Text;
using System.Text.Json;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Runs that fail (bad record, throwing snippet, an output that cannot be written) exit non-zero with a clear
/// message, leave the previous outputs byte-identical and no staging folder, and succeed once the cause is fixed.
/// </summary>
public sealed class FailingRunTests
{
    /// <summary>A minimal AgentTrace line: the fields the reader needs to sniff and parse it.</summary>
    internal static string Line(string id) => $"{{\"trace_id\":\"{id}\",\"prompt\":\"p\",\"spans\":[],\"llm_steps\":[]}}";

    internal static string Lines(int count) =>
        string.Concat(Enumerable.Range(1, count).Select(i => Line($"t{i:D4}") + "\n"));

    private static string Recipe(string where, string extra = "", string outputs = "  - path: kept.jsonl\n    format: original\n") =>
        $"name: failing\n{extra}inputs: [in.jsonl]\nsteps:\n  - name: judge\n    where: |\n      {where}\noutputs:\n{outputs}";

    /// <summary>No staging folder left; a failed first run leaves no output folder at all (docs/safety.md).</summary>
    internal static void AssertNoStaging(string outDir)
    {
        if (Directory.Exists(outDir)) Assert.Empty(Directory.EnumerateDirectories(outDir, ".trace-curate-staging-*"));
    }

    [Fact]
    public void A_predicate_that_throws_on_the_1000th_trace_fails_and_leaves_the_previous_output_byte_identical()
    {
        using var s = new TempFolder();
        s.Write("in.jsonl", Lines(1500));
        var outDir = s.File("out");
        var first = s.Cli("run", s.Write("r.yaml", Recipe("t.Id.EndsWith(\"0\")")), "--out", outDir);
        Assert.True(first.Exit == 0, first.Err);
        Assert.Equal(150, File.ReadAllLines(Path.Combine(outDir, "kept.jsonl")).Length); // t0010 … t1500
        var before = TempFolder.Snapshot(outDir);

        var throwing = "t.Id == \"t1000\" ? throw new InvalidOperationException(\"boom\") : true";
        var failed = s.Cli("run", s.Write("r.yaml", Recipe(throwing)), "--out", outDir, "--threads", "2");
        Assert.Equal(1, failed.Exit);
        Assert.Contains("in.jsonl(1000): error TC0005: step 'judge' threw InvalidOperationException on trace 't1000': boom", failed.Err);
        TempFolder.AssertSame(before, TempFolder.Snapshot(outDir));
        AssertNoStaging(outDir);

        var fixedRun = s.Cli("run", s.Write("r.yaml", Recipe("t.Id != \"t1000\"")), "--out", outDir);
        Assert.True(fixedRun.Exit == 0, fixedRun.Err);
        Assert.Equal(1499, File.ReadAllLines(Path.Combine(outDir, "kept.jsonl")).Length);
        AssertNoStaging(outDir);
    }

    [Fact]
    public void A_garbage_line_in_the_middle_fails_naming_file_and_line_and_is_skipped_with_on_bad_record_skip()
    {
        using var s = new TempFolder();
        var lines = Lines(5).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.Insert(2, "{\"trace_id\": \"broken\", \"spans\": [ garbage");
        s.Write("in.jsonl", string.Join("\n", lines) + "\n");
        var outDir = s.File("out");

        var failed = s.Cli("run", s.Write("r.yaml", Recipe("true")), "--out", outDir);
        Assert.Equal(1, failed.Exit);
        Assert.Matches(@"in\.jsonl\(3,\d+\): error TC0004: invalid JSON", failed.Err);
        Assert.False(File.Exists(Path.Combine(outDir, "kept.jsonl")));
        AssertNoStaging(outDir);

        var skipped = s.Cli("run", s.Write("r.yaml", Recipe("true", "on_bad_record: skip\n")), "--out", outDir);
        Assert.True(skipped.Exit == 0, skipped.Err);
        Assert.Contains("skipped 1 bad record(s)", skipped.Err);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(outDir, "kept.jsonl")).Length);
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "manifest.json")));
        Assert.Equal(1, manifest.RootElement.GetProperty("inputs")[0].GetProperty("bad_records_skipped").GetInt32());
    }

    [Fact]
    public void More_bad_records_than_max_bad_records_fail_the_run_naming_the_limit()
    {
        using var s = new TempFolder();
        s.Write("in.jsonl", Line("a") + "\nnope 1\nnope 2\n" + Line("b") + "\nnope 3\n");
        var outDir = s.File("out");
        var failed = s.Cli("run", s.Write("r.yaml", Recipe("true", "on_bad_record: skip\nmax_bad_records: 2\n")), "--out", outDir);
        Assert.Equal(1, failed.Exit);
        Assert.Contains("in.jsonl(5): error TC0012: more than 2 bad records were skipped", failed.Err);
        Assert.False(Directory.Exists(outDir) && File.Exists(Path.Combine(outDir, "kept.jsonl")));

        // The command line overrides the recipe.
        var allowed = s.Cli("run", s.File("r.yaml"), "--out", outDir, "--max-bad-records", "3");
        Assert.True(allowed.Exit == 0, allowed.Err);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(outDir, "kept.jsonl")).Length);
    }

    [Fact]
    public void A_line_over_max_record_bytes_is_a_bad_record_naming_its_line()
    {
        using var s = new TempFolder();
        var huge = $"{{\"trace_id\":\"big\",\"prompt\":\"{new string('x', 5000)}\",\"spans\":[],\"llm_steps\":[]}}";
        s.Write("in.jsonl", Line("a") + "\n" + huge + "\n" + Line("b") + "\n");
        var outDir = s.File("out");
        var failed = s.Cli("run", s.Write("r.yaml", Recipe("true", "max_record_bytes: 1000\n")), "--out", outDir);
        Assert.Equal(1, failed.Exit);
        Assert.Contains("in.jsonl(2): error TC0004: the record is longer than the 1000 bytes limit", failed.Err);

        var skipped = s.Cli("run", s.File("r.yaml"), "--out", outDir, "--skip-bad-records");
        Assert.True(skipped.Exit == 0, skipped.Err);
        Assert.Equal(new[] { "a", "b" },
            File.ReadAllLines(Path.Combine(outDir, "kept.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("trace_id").GetString()));

        var raised = s.Cli("run", s.File("r.yaml"), "--out", outDir, "--max-record-bytes", "6000");
        Assert.True(raised.Exit == 0, raised.Err);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(outDir, "kept.jsonl")).Length);
    }

    [Fact]
    public void An_output_path_that_is_an_existing_folder_fails_before_anything_is_replaced()
    {
        using var s = new TempFolder();
        s.Write("in.jsonl", Lines(20));
        var outDir = s.File("out");
        Assert.Equal(0, s.Cli("run", s.Write("r.yaml", Recipe("true")), "--out", outDir).Exit);
        Directory.CreateDirectory(Path.Combine(outDir, "other.jsonl"));
        File.WriteAllText(Path.Combine(outDir, "other.jsonl", "keep-me.txt"), "mine");
        var before = TempFolder.Snapshot(outDir);

        var twoOutputs = "  - path: kept.jsonl\n    format: original\n  - path: other.jsonl\n    format: trace\n";
        var failed = s.Cli("run", s.Write("r.yaml", Recipe("t.Id != \"t0001\"", outputs: twoOutputs)), "--out", outDir);
        Assert.Equal(1, failed.Exit);
        Assert.Contains("error TC0008: cannot write output 'other.jsonl': a folder of that name is in the way", failed.Err);
        TempFolder.AssertSame(before, TempFolder.Snapshot(outDir));
        AssertNoStaging(outDir);

        Directory.Delete(Path.Combine(outDir, "other.jsonl"), recursive: true);
        var again = s.Cli("run", s.File("r.yaml"), "--out", outDir);
        Assert.True(again.Exit == 0, again.Err);
        Assert.Equal(19, File.ReadAllLines(Path.Combine(outDir, "other.jsonl")).Length);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // sets Unix file modes
    [PlatformFact(unixOnly: true, notRoot: true)]
    public void A_read_only_output_folder_fails_with_a_diagnostic_and_leaves_it_unchanged()
    {
        using var s = new TempFolder();
        s.Write("in.jsonl", Lines(3));
        var outDir = s.File("out");
        Assert.Equal(0, s.Cli("run", s.Write("r.yaml", Recipe("true")), "--out", outDir).Exit);
        var before = TempFolder.Snapshot(outDir);
        File.SetUnixFileMode(outDir, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            // The attribute skips root, whom permissions do not stop; a probe that gets through means the test cannot judge.
            Assert.Throws<UnauthorizedAccessException>(() => File.WriteAllText(Path.Combine(outDir, "probe"), ""));
            var failed = s.Cli("run", s.File("r.yaml"), "--out", outDir);
            Assert.Equal(1, failed.Exit);
            Assert.Contains("error TC0008: cannot create the output folder", failed.Err);
            TempFolder.AssertSame(before, TempFolder.Snapshot(outDir));
        }
        finally
        {
            File.SetUnixFileMode(outDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void A_cut_gzip_input_fails_at_the_line_where_it_stops_and_writes_nothing()
    {
        // GZipStream used to end quietly at a cut: the records after it were lost with only a truncated-line warning
        // (issue 28). A gzip stream that ends before its end marker is now an error naming the file and the line,
        // even when skipping bad records, and no output that looks complete is written.
        using var s = new TempFolder();
        var full = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(full, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gz.Write(Encoding.UTF8.GetBytes(Lines(2000)));
        File.WriteAllBytes(s.File("in.jsonl"), full.ToArray()[..(int)(full.Length / 2)]);
        var run = s.Cli("run", s.Write("r.yaml", Recipe("true", "on_bad_record: skip\n")), "--out", s.File("out"), "--format", "agenttrace");
        Assert.Equal(1, run.Exit);
        var line = System.Text.RegularExpressions.Regex.Match(run.Err, @"in\.jsonl\((\d+)\): error TC0015: the gzip stream ends before its end marker");
        Assert.True(line.Success, run.Err);
        Assert.InRange(int.Parse(line.Groups[1].Value), 1, 1999); // inside the file: half of it is there
        Assert.False(File.Exists(s.File("out/kept.jsonl")));
        AssertNoStaging(s.File("out"));
    }
}
