using System.Text.Json;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Cli;

public sealed class ExportCommandTests
{
    private static string Samples => RepoPaths.Samples("agenttrace");

    private static List<JsonElement> Read(string path) => File.ReadLines(path).Select(l => Some.Json(l)).ToList();

    [Theory]
    [InlineData("codeact")]
    [InlineData("tao")]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("sharegpt")]
    [InlineData("trl")]
    public void Every_sample_trace_exports_to_a_valid_record_with_a_manifest_beside_the_file(string format)
    {
        using var temp = new TempFolder();
        var output = temp.File($"{format}.jsonl");
        temp.Write("manifest.json", "a recipe run's manifest");
        var result = Support.Cli.Run("export", Samples, "--format", format, "-o", output);

        Assert.True(result.ExitCode == 0, result.Err);
        ExportValidators.ValidateFile(format, output);
        Assert.Equal(7, File.ReadLines(output).Count()); // 4 mbpp + 3 nl2bash rows, all with an assistant turn
        var manifest = Some.Json(File.ReadAllText(output + ".manifest.json"));
        Assert.Equal("export", manifest.GetProperty("recipe").GetProperty("name").GetString());
        Assert.Equal("none", manifest.GetProperty("compile_cache_key").GetString()); // no snippet, no compiler
        Assert.Equal(7, manifest.GetProperty("outputs")[0].GetProperty("records").GetInt32());
        Assert.Equal("a recipe run's manifest", File.ReadAllText(temp.File("manifest.json"))); // not replaced
        Assert.Equal(3, Directory.GetFileSystemEntries(temp.Path).Length); // no scratch folder left behind
    }

    [Fact]
    public void Filter_error_recovery_keeps_the_runs_that_failed_then_recovered_and_finished()
    {
        using var temp = new TempFolder();
        var output = temp.File("recover.jsonl");
        var result = Support.Cli.Run("export", Samples, "--filter", "error-recovery", "--format", "jsonl", "-o", output);

        Assert.True(result.ExitCode == 0, result.Err);
        // From the raw spans: 02 (NameError, then a working definition, then final_answer) and 05 (xargs breaks on a
        // space, -print0 works, final_answer). 03 never succeeds; 07's `cat: command not found` is never fixed; the
        // others never fail (07's grep exit 1 is "no match").
        var ids = Read(output).Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(["8d1c2f8e-0002-4a7b-9c1d-000000000002", "3f2a9c4e-0005-4e7a-9b0c-000000000005"], ids);
        Assert.Contains("filter error-recovery", result.Err);
    }

    [Theory]
    [InlineData("success", 5)]
    [InlineData("failure", 2)]
    public void Filter_by_outcome(string filter, int expected)
    {
        using var temp = new TempFolder();
        var output = temp.File("out.jsonl");
        Assert.Equal(0, Support.Cli.Run("export", Samples, "--filter", filter, "--format", "codeact", "-o", output).ExitCode);
        var records = Read(output);
        Assert.Equal(expected, records.Count);
        Assert.All(records, r => Assert.Equal(filter, r.GetProperty("outcome").GetString()));
    }

    [Fact]
    public void Since_a_date_keeps_later_traces_and_the_manifest_records_the_instant()
    {
        using var temp = new TempFolder();
        var output = temp.File("recent.jsonl");
        var result = Support.Cli.Run("export", Samples, "--since", "2026-04-01", "--format", "codeact", "-o", output);

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Equal(3, Read(output).Count); // the nl2bash rows are from 2026-04-03, the mbpp ones from 2026-03-28
        Assert.Contains("since 2026-04-01T00:00:00Z", File.ReadAllText(output + ".manifest.json"));
    }

    [Fact]
    public void A_relative_since_is_resolved_once_to_an_absolute_utc_instant_and_reported()
    {
        using var temp = new TempFolder();
        var output = temp.File("week.jsonl");
        var before = DateTimeOffset.UtcNow.AddDays(-7);
        var result = Support.Cli.Run("export", Samples, "--since", "7d", "--format", "openai", "-o", output);
        var after = DateTimeOffset.UtcNow.AddDays(-7);

        Assert.True(result.ExitCode == 0, result.Err);
        var match = System.Text.RegularExpressions.Regex.Match(result.Err, @"since 7d: traces started at or after (\S+Z) \(UTC\)");
        Assert.True(match.Success, result.Err);
        var instant = DateTimeOffset.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(instant, before.AddSeconds(-1), after);
        Assert.Contains("since " + match.Groups[1].Value, File.ReadAllText(output + ".manifest.json"));
        var expected = Read(Path.Combine(Samples, "mbpp.jsonl")).Concat(Read(Path.Combine(Samples, "nl2bash.jsonl")))
            .Count(r => DateTimeOffset.Parse(r.GetProperty("timestamp_utc").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= instant);
        Assert.Equal(expected, File.ReadLines(output).Count());
    }

    [Fact]
    public void Without_an_output_file_records_go_to_standard_output()
    {
        var result = Support.Cli.Run("export", Path.Combine(Samples, "nl2bash.jsonl"), "--format", "codeact", "--include-metadata");
        Assert.True(result.ExitCode == 0, result.Err);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Equal("nl2bash", Some.Json(l).GetProperty("metadata").GetProperty("native").GetProperty("dataset").GetString()));
    }

    [Theory]
    [InlineData("--format", "nosuch")]
    [InlineData("--format", "codeact", "--filter", "great")]
    [InlineData("--format", "codeact", "--since", "last tuesday")]
    [InlineData("--format", "codeact", "--since", "7y")]
    [InlineData("--format", "codeact", "-o", "some/folder/")]
    public void Bad_options_are_usage_errors(params string[] options)
    {
        var result = Support.Cli.Run(["export", Samples, .. options]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error:", result.Err);
    }

    [Fact]
    public void A_missing_input_is_a_data_error_naming_it()
    {
        var result = Support.Cli.Run("export", "no/such/dir", "--format", "codeact");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("TC0003", result.Err);
        Assert.Contains("no/such/dir", result.Err);
    }
}
