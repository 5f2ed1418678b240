using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Input folders a hostile or careless user hands over (issue 28): a symbolic link loop (the walk never ended: 1.2 GB
/// after 60 s), a folder that cannot be listed and a file that cannot be read (a crash with a stack trace), a broken
/// link, empty files, and a stray file that made a format's sniff throw. Each ends read fully or in a diagnostic naming
/// the path, and nothing is read twice.
/// </summary>
public sealed class FolderInputTests
{
    [Fact]
    public void A_symlink_loop_in_an_input_folder_ends_and_reads_each_file_once()
    {
        using var s = new TempFolder();
        Directory.CreateDirectory(s.File("traces/a"));
        File.Copy(InputCases.Sample, s.File("traces/a/runs.jsonl"));
        Directory.CreateSymbolicLink(s.File("traces/a/up"), "..");    // back to the folder above: a loop
        Directory.CreateSymbolicLink(s.File("traces/a/self"), "../a"); // the folder itself, by another path
        Directory.CreateSymbolicLink(s.File("traces/b"), s.File("traces/a")); // a second name for one folder

        var (exit, output, err) = InputCases.Within(TimeSpan.FromSeconds(60), () => InputCases.Cli("inspect", "--json", s.File("traces")));
        Assert.True(exit == 0, err);
        var input = Assert.Single(InputCases.Inputs(output)); // one folder by three paths: read once
        Assert.Equal(InputCases.SampleLines.Length, input.GetProperty("traces").GetInt32());
    }

    [Fact]
    public void A_broken_symlink_in_an_input_folder_is_an_error_naming_it()
    {
        using var s = new TempFolder();
        File.Copy(InputCases.Sample, s.File("runs.jsonl"));
        File.CreateSymbolicLink(s.File("gone.jsonl"), s.File("nowhere.jsonl"));
        var (exit, _, err) = InputCases.Cli("inspect", s.Path);
        Assert.Equal(1, exit);
        Assert.Contains($"{s.File("gone.jsonl")}: error TC0015: input '{s.Path}' holds a symbolic link to nothing", err);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // sets Unix file modes
    [RequiresFact("setpriv")]
    public void An_input_folder_that_cannot_be_listed_is_an_error_naming_it_not_a_crash()
    {
        using var s = new TempFolder();
        Directory.CreateDirectory(s.File("traces/locked"));
        File.Copy(InputCases.Sample, s.File("traces/runs.jsonl"));
        File.Copy(InputCases.Sample, s.File("traces/locked/more.jsonl"));
        File.SetUnixFileMode(s.File("traces/locked"), UnixFileMode.None);
        try
        {
            // Root reads any folder: the tool then runs as the unprivileged 'nobody', as a user without the right would.
            var result = InputCases.Bash(
                InputCases.AsUnprivileged + "$TOOL inspect traces", s.Path);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("traces/locked: error TC0015: cannot read the folder, so its files cannot be listed", result.Err);
            Assert.DoesNotContain("Unhandled exception", result.Err);
        }
        finally
        {
            File.SetUnixFileMode(s.File("traces/locked"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // sets Unix file modes
    [RequiresFact("setpriv")]
    public void An_input_file_that_cannot_be_read_is_an_error_naming_it_with_or_without_a_forced_format()
    {
        using var s = new TempFolder();
        File.Copy(InputCases.Sample, s.File("secret.jsonl"));
        File.SetUnixFileMode(s.File("secret.jsonl"), UnixFileMode.None);
        foreach (var forced in new[] { "", "--format agenttrace " })
        {
            var result = InputCases.Bash(InputCases.AsUnprivileged + $"$TOOL inspect {forced}secret.jsonl", s.Path);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("secret.jsonl: error TC0015: cannot read the file", result.Err);
            Assert.DoesNotContain("Unhandled exception", result.Err);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // sets Unix file modes
    [RequiresFact("setpriv")]
    public void Under_a_forced_format_the_first_unreadable_file_of_a_folder_in_input_order_is_the_error()
    {
        // A forced format's files are checked on every core, in chunks, like detected ones: the error is still the
        // first unreadable file in path order, not whichever check failed first, and the files after it are not read.
        using var s = new TempFolder();
        Directory.CreateDirectory(s.File("traces"));
        for (var i = 0; i < 300; i++) File.Copy(InputCases.Sample, s.File($"traces/f{i:D3}.jsonl"));
        foreach (var locked in new[] { "traces/f150.jsonl", "traces/f020.jsonl", "traces/f290.jsonl" })
            File.SetUnixFileMode(s.File(locked), UnixFileMode.None);
        foreach (var forced in new[] { "", "--format agenttrace " })
        {
            var result = InputCases.Bash(InputCases.AsUnprivileged + $"$TOOL inspect {forced}traces", s.Path);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("f020.jsonl: error TC0015: cannot read the file", result.Err);
            Assert.DoesNotContain("f150.jsonl", result.Err);
            Assert.DoesNotContain("f290.jsonl", result.Err);
        }
    }

    [Fact]
    public void Empty_files_are_an_error_naming_the_format_for_session_formats_no_records_for_row_formats_and_a_named_error_without_a_format()
    {
        using var s = new TempFolder();
        var empty = s.Write("empty.jsonl", "");
        var blank = s.Write("blank.jsonl", "\n  \n");
        var recipe = s.Write("r.yaml", "name: empty\noutputs:\n  - path: kept/\n    format: original\n");
        // A session file read with a forced format is that session or nothing of the format: an empty one says so (issue 20 item 5).
        foreach (var format in new[] { "codex", "claude-code" })
        {
            foreach (var file in new[] { empty, blank })
            {
                var (exit, _, err) = InputCases.Cli("inspect", "--json", "--format", format, file);
                Assert.Equal(1, exit);
                Assert.Contains($"{file}(1): error TC0006: read as '{format}', the file holds no {format} record", err);
            }
            var run = InputCases.Cli("run", recipe, "--out", s.File("out"), "-i", empty, "--format", format);
            Assert.Equal(1, run.Exit);
            Assert.DoesNotContain("has no original record to copy", run.Err);
        }
        // A row file (one trace per line) that is empty is an empty dataset: no record to lose.
        var rows = InputCases.Cli("inspect", "--json", "--format", "agenttrace", empty, blank);
        Assert.True(rows.Exit == 0, rows.Err);
        Assert.All(InputCases.Inputs(rows.Out), i => Assert.Equal((0, 0), (i.GetProperty("records").GetInt32(), i.GetProperty("traces").GetInt32())));
        var detected = InputCases.Cli("inspect", empty);
        Assert.Equal(1, detected.Exit);
        Assert.Contains($"{empty}: error TC0006: ", detected.Err);
    }

    [Fact]
    public void A_stray_file_that_makes_a_sniff_throw_is_a_named_error_not_a_crash()
    {
        using var s = new TempFolder();
        File.Copy(InputCases.Sample, s.File("runs.jsonl"));
        var stray = s.File("stray.jsonl");
        File.WriteAllBytes(stray, [.. "{\"type\":\""u8.ToArray(), 0xc0, .. "\"}"u8.ToArray()]);
        foreach (var command in new[] { new[] { "inspect", s.Path }, ["export", s.Path, "-f", "trace"] })
        {
            var (exit, _, err) = InputCases.Cli(command);
            Assert.Equal(1, exit);
            Assert.Contains($"{stray}: error TC0006: the file matches no known trace format", err);
        }
    }
}
