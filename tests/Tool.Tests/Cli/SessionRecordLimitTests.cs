using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Cli;

/// <summary>
/// A session file is one record, read whole, so the record limit (256 MiB by default) is on the file: real Codex rollouts
/// and long Claude Code sessions pass it. The error names the file's size and the setting that reads it, and every
/// command that reads sessions takes that setting: inspect and report had no way to read such a file at all, and export
/// took no limit either. Checked on a real-shaped rollout of samples/ with the limit set just under its size.
/// </summary>
public sealed class SessionRecordLimitTests
{
    private const long MiB = 1 << 20;

    private static readonly string Rollout = Directory.EnumerateFiles(RepoPaths.Samples("codex"), "*.jsonl")
        .OrderByDescending(f => new FileInfo(f).Length).ThenBy(f => f, StringComparer.Ordinal).First();

    /// <summary>The tool calls of the rollout, counted here from its raw lines (the Codex call item types), not by the tool.</summary>
    private static int ToolCalls() => File.ReadLines(Rollout).Where(l => l.Trim().Length > 0).Count(l =>
    {
        var root = JsonDocument.Parse(l).RootElement;
        return root.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("type", out var t)
               && t.GetString() is "function_call" or "custom_tool_call" or "local_shell_call";
    });

    [Fact]
    public void Inspect_report_and_export_name_the_files_size_and_read_it_with_the_limit_the_error_gives()
    {
        using var temp = new TempFolder();
        var input = Path.Combine(temp.Path, Path.GetFileName(Rollout));
        File.Copy(Rollout, input);
        var size = new FileInfo(input).Length;
        var under = (size - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var suggested = ((size + MiB - 1) / MiB * MiB).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ToolCalls() > 0, "the sample has tool calls to count");

        foreach (var (args, output) in new[]
                 {
                     (new[] { "inspect", input, "--json" }, (string?)null),
                     (["report", input, "-o", temp["report.html"]], temp["report.html"]),
                     (["export", input, "-f", "openai", "-o", temp["export.jsonl"]], temp["export.jsonl"]),
                 })
        {
            var failed = Support.Cli.Run([.. args, "--max-record-bytes", under]);
            Assert.Equal(1, failed.ExitCode);
            Assert.Contains($"{Path.GetFileName(input)}(1): error TC0004: the session file is", failed.Err);
            Assert.Contains($"longer than the {under} bytes record limit", failed.Err);
            Assert.Contains($"--max-record-bytes {suggested}", failed.Err);
            Assert.False(output is not null && File.Exists(output), string.Join(' ', args)); // nothing written

            // The setting the message gives reads the file.
            var read = Support.Cli.Run([.. args, "--max-record-bytes", suggested]);
            Assert.True(read.ExitCode == 0, read.Err);
            if (args[0] == "inspect") Assert.Equal(ToolCalls(), JsonDocument.Parse(read.Out).RootElement.GetProperty("actions").GetInt32());
        }
        Assert.True(File.Exists(temp["report.html"]));
        Assert.Single(File.ReadAllLines(temp["export.jsonl"]));
    }

    [Theory]
    [InlineData("inspect")]
    [InlineData("export")]
    public void The_limit_takes_a_whole_number_of_bytes(string command)
    {
        string[] args = command == "export" ? [command, Rollout, "-f", "openai"] : [command, Rollout];
        var result = Support.Cli.Run([.. args, "--max-record-bytes", "1GiB"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--max-record-bytes takes a whole number of at least 1, not '1GiB'", result.Err);
    }

    [Fact]
    public void A_session_file_of_two_gib_or_more_is_said_to_be_unreadable_whatever_the_limit()
    {
        // No 2 GiB file is written: the message is decided from the length the folder walk gave the input.
        var file = new InputFile("big.jsonl", FormatRegistry.Find("codex")!, new ReadOptions { Limits = new ReadLimits { MaxRecordBytes = long.MaxValue } })
        {
            Length = 9L << 30,
        };
        var record = WholeFile.TooLong(file, Array.MaxLength - 1);
        Assert.Contains("the session file is 9.0 GiB", record.Problem);
        Assert.Contains("2 GiB or more cannot be", record.Problem);
        Assert.DoesNotContain("--max-record-bytes", record.Problem);
    }

    [Fact]
    public void Content_over_the_limit_in_a_file_under_it_gets_the_line_readers_message()
    {
        // A compressed session: its file is small, its content what outgrew the limit.
        var file = new InputFile("s.jsonl.gz", FormatRegistry.Find("codex")!, ReadOptions.Default) { Length = 10 };
        var record = WholeFile.TooLong(file, 100);
        Assert.Contains("the record is longer than the 100 bytes limit", record.Problem);
    }
}
