using System.Text.Json;
using TraceCurate.Cli;
using TraceCurate.Diagnostics;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

/// <summary>
/// The bad-record policy (issue 3, item 6): a malformed line in the middle stops the run naming <c>file(line)</c>,
/// unless <c>on_bad_record: skip</c> or <c>--skip-bad-records</c>; a cut last line is skipped with a warning; every skip
/// is counted in the manifest and the summary.
/// </summary>
public sealed class BadRecordsTests : IDisposable
{
    private static readonly string[] Lines = File.ReadAllLines(RepoPaths.Samples("agenttrace", "mbpp.jsonl"));

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Recipe(string policy = "") => $"""
        name: bad
        {policy}
        inputs: [data/x.jsonl]
        outputs:
          - path: kept.jsonl
            format: original
        """;

    private void WriteData(string content) => _dir.Write("data/x.jsonl", content);

    private string Middle() => string.Join('\n', Lines[0], Lines[1], "{\"trace_id\": \"broken\", ", Lines[2]) + "\n";

    [Fact]
    public void A_malformed_line_in_the_middle_fails_naming_the_file_and_its_line()
    {
        WriteData(Middle());
        var e = Assert.Throws<TraceCurateException>(() => RecipeRun.RunLogged(_dir, Recipe()));
        var text = e.Diagnostics[0].ToString();
        Assert.Contains("x.jsonl(3", text); // line 3 of the file, wherever the run was started from
        Assert.Contains("error TC0004", text);
        Assert.Contains("on_bad_record: skip", text);
        Assert.False(File.Exists(_dir.File("out-recipe/kept.jsonl"))); // nothing half-written
    }

    [Fact]
    public void With_skip_the_run_succeeds_and_the_manifest_counts_the_skipped_record()
    {
        WriteData(Middle());
        var run = RecipeRun.RunLogged(_dir, Recipe("on_bad_record: skip"));
        var input = Manifest(run).GetProperty("inputs")[0];
        Assert.Equal(1, input.GetProperty("bad_records_skipped").GetInt32());
        Assert.Equal(0, input.GetProperty("truncated_records_skipped").GetInt32());
        Assert.Equal(3, input.GetProperty("records").GetInt32());
        Assert.Equal([Lines[0], Lines[1], Lines[2]], File.ReadAllLines(Path.Combine(run.OutDir, "kept.jsonl")));
        Assert.Contains("x.jsonl(3", run.Log);
        Assert.Contains("skipped:", run.Log);
    }

    [Fact]
    public void The_command_line_flag_skips_too_and_the_summary_reports_the_count()
    {
        WriteData(Middle());
        var recipe = _dir.Write("recipe.yaml", Recipe());
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var failed = CliApp.Run(["run", recipe, "--out", _dir.File("o1"), "--no-cache"], stdout, stderr);
        Assert.Equal(CliApp.DataError, failed);
        var err = new StringWriter();
        var code = CliApp.Run(["run", recipe, "--out", _dir.File("o2"), "--no-cache", "--skip-bad-records"], stdout, err);
        Assert.Equal(CliApp.Ok, code);
        Assert.Contains("skipped 1 bad record(s) and 0 truncated last line(s)", err.ToString());
    }

    [Fact]
    public void A_cut_last_line_is_skipped_with_a_warning_by_default()
    {
        WriteData(string.Join('\n', Lines[0], Lines[1], Lines[2][..(Lines[2].Length / 2)])); // no final newline
        var run = RecipeRun.RunLogged(_dir, Recipe());
        var input = Manifest(run).GetProperty("inputs")[0];
        Assert.Equal(1, input.GetProperty("truncated_records_skipped").GetInt32());
        Assert.Equal(0, input.GetProperty("bad_records_skipped").GetInt32());
        Assert.Equal(2, File.ReadAllLines(Path.Combine(run.OutDir, "kept.jsonl")).Length);
        Assert.Contains("warning TC0007", run.Log);
        Assert.Contains("x.jsonl(3", run.Log);
    }

    [Fact]
    public void A_complete_last_line_without_a_final_newline_is_read()
    {
        WriteData(string.Join('\n', Lines[0], Lines[1], Lines[2]));
        var run = RecipeRun.RunLogged(_dir, Recipe());
        Assert.Equal(3, Manifest(run).GetProperty("inputs")[0].GetProperty("records").GetInt32());
        Assert.DoesNotContain("TC0007", run.Log);
    }

    [Fact]
    public void A_bad_line_inside_a_codex_session_names_the_line_and_skip_drops_that_line_only()
    {
        var codex = Directory.EnumerateFiles(RepoPaths.Samples("codex")).Order(StringComparer.Ordinal).ToList();
        var lines = File.ReadAllLines(codex[0]);
        lines[4] = "{\"timestamp\": \"2025-10-14T09:12:09.410Z\", \"type\": ";
        _dir.Write("sessions/a.jsonl", string.Join('\n', lines) + "\n");
        _dir.Write("sessions/b.jsonl", File.ReadAllText(codex[1]));
        var recipe = "name: s\ninputs:\n  - path: sessions/\n    format: codex\noutputs:\n  - path: t.jsonl\n    format: trace\n";
        var e = Assert.Throws<TraceCurateException>(() => RecipeRun.RunLogged(_dir, recipe));
        Assert.Contains("a.jsonl(5", e.Diagnostics[0].ToString());
        // Skipping skips the line, not the session: both sessions are read, the damaged one marked and its line counted.
        var run = RecipeRun.RunLogged(_dir, "on_bad_record: skip\n" + recipe, recipeName: "skip.yaml");
        Assert.Equal(2, run.Result.TracesRead);
        var input = Manifest(run).GetProperty("inputs")[0];
        Assert.Equal(0, input.GetProperty("bad_records_skipped").GetInt32());
        var read = input.GetProperty("read");
        Assert.Equal(1, read.GetProperty("lines_skipped").GetInt32());
        Assert.Equal(5, read.GetProperty("skipped_lines")[0].GetProperty("line").GetInt32());
        Assert.Equal(lines.Count(l => l.Trim().Length > 0) - 1, read.GetProperty("records").GetInt32());
    }

    [Fact]
    public void A_gzip_file_corrupt_past_its_head_stops_the_run_with_a_diagnostic_naming_it()
    {
        // Unique lines so the compressed stream is long, and the damage lies beyond the 256 KB the detector reads.
        var rows = Enumerable.Range(0, 4000).Select(i => Lines[i % Lines.Length].Replace("\"trace_id\": \"", $"\"trace_id\": \"{i}-"));
        var packed = Formats.FormatDetectorTests.Gzip(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', rows) + "\n"));
        for (var k = packed.Length * 3 / 4; k < packed.Length * 3 / 4 + 64; k++) packed[k] ^= 0x5a;
        var path = _dir.Write("data/x.jsonl.gz", packed);
        Assert.Equal("agenttrace", TraceCurate.Formats.FormatDetector.Detect(path).Format); // the head is intact: the run finds the damage
        var recipe = "name: gz\ninputs: [data/x.jsonl.gz]\noutputs:\n  - path: t.jsonl\n    format: trace\n";
        var e = Assert.Throws<TraceCurateException>(() => RecipeRun.RunLogged(_dir, recipe));
        Assert.Equal(DiagnosticCodes.InputUnreadable, e.Diagnostics[0].Code);
        Assert.Equal(path, e.Diagnostics[0].Path);
    }

    private static JsonElement Manifest(RecipeRun.Outcome run)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(run.OutDir, "manifest.json")));
        return doc.RootElement.Clone();
    }
}
