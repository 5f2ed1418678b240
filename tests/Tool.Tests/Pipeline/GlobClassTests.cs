using TraceCurate.Reading;
using TraceCurate.Pipeline;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

/// <summary>Issue 26 §7: <c>[…]</c> in a glob is a character class (docs/inputs.md), no longer a literal after a wildcard check.</summary>
public sealed class GlobClassTests
{
    private static List<string> Match(TempFolder temp, string pattern) =>
        Glob.Expand(Path.Combine(temp.Path, pattern)).Select(p => Path.GetRelativePath(temp.Path, p).Replace('\\', '/')).ToList();

    [Fact]
    public void Classes_ranges_and_negations_match_one_character_of_one_segment()
    {
        using var temp = new TempFolder();
        foreach (var name in new[] { "m1.jsonl", "n2.jsonl", "o3.jsonl", "sub/m4.jsonl", "]x.jsonl", "[y.jsonl" }) temp.Write(name, "{}\n");

        Assert.Equal(["m1.jsonl", "n2.jsonl"], Match(temp, "[mn]*.jsonl"));
        Assert.Equal(["m1.jsonl", "n2.jsonl", "o3.jsonl"], Match(temp, "[m-o]?.jsonl"));
        Assert.Equal(["[y.jsonl", "]x.jsonl", "o3.jsonl"], Match(temp, "[!mn]*.jsonl"));
        Assert.Equal(["]x.jsonl"], Match(temp, "[]]*.jsonl")); // a ']' first in the class is a member
        Assert.Equal(["[y.jsonl"], Match(temp, "[y.jsonl")); // no closing ']': a plain '['
        Assert.Equal(["sub/m4.jsonl"], Match(temp, "**/sub/[m]*.jsonl"));
    }

    [Fact]
    public void Inspect_reads_the_files_a_class_names()
    {
        // The case: '[mn]*.jsonl' used to fail with TC0003 (matches no file).
        var result = Support.Cli.Run("inspect", Path.Combine(RepoPaths.Samples("agenttrace"), "[mn]*.jsonl"), "--json");
        Assert.Equal(0, result.ExitCode);
        var inputs = System.Text.Json.JsonDocument.Parse(result.Out).RootElement.GetProperty("inputs").EnumerateArray()
            .Select(i => Path.GetFileName(i.GetProperty("path").GetString())).ToList();
        var expected = Directory.GetFiles(RepoPaths.Samples("agenttrace"), "*.jsonl").Select(Path.GetFileName)
            .Where(n => n![0] is 'm' or 'n').Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, inputs);
    }
}
