using System.Text;
using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// The documented limits (docs/safety.md: nesting 256, record size 256 MiB) hold for every output and for
/// <c>inspect --by meta:…</c> (issue 28): metadata nested 70 deep, read lazily, failed as an output error and crashed
/// <c>inspect</c>; a first record over 256 KB before its <c>llm_steps</c> was not recognised as AgentTrace; a tool
/// output over 166 million characters aborted the <c>trace</c> output.
/// </summary>
public sealed class RecordLimitTests
{
    /// <summary>The sample with the second run's metadata holding <c>deep</c>: objects nested <paramref name="levels"/> deep.</summary>
    private static string WithDeepMetadata(int levels)
    {
        var lines = InputCases.SampleLines;
        var deep = string.Concat(Enumerable.Repeat("{\"n\":", levels - 1)) + "{\"leaf\":1}" + new string('}', levels - 1);
        lines[1] = lines[1].Replace("\"metadata\": {", $"\"metadata\": {{\"deep\": {deep}, ");
        Assert.Contains("\"deep\"", lines[1]);
        return string.Concat(lines.Select(l => l + "\n"));
    }

    [Fact]
    public void Metadata_nested_to_the_limit_reaches_every_output_and_inspect_by_meta()
    {
        using var s = new TempFolder();
        // The record's root object and metadata take two levels: the deepest object is at 256, the documented limit.
        s.Write("in.jsonl", WithDeepMetadata(ReadLimits.MaxDepth - 2));
        var formats = new[] { "trace", "jsonl", "original", "openai", "anthropic", "sharegpt", "trl", "codeact", "tao", "parquet", "agenttrace-parquet", "report" };
        var outputs = string.Concat(formats.Select(f => $"  - path: {f}.out\n    format: {f}\n"));
        var recipe = s.Write("r.yaml", $"name: deep\ninputs: [in.jsonl]\nsteps:\n  - name: read\n    where: t.Meta(\"dataset\") != \"none\"\noutputs:\n{outputs}");
        var run = InputCases.Cli("run", recipe, "--out", s.File("out"));
        Assert.True(run.Exit == 0, run.Err);
        foreach (var format in formats)
            Assert.True(new FileInfo(s.File($"out/{format}.out")).Length > 0, format);
        // The trace output carries the metadata: parse it back and walk to the leaf.
        var second = File.ReadAllLines(s.File("out/trace.out"))[1];
        using (var doc = JsonDocument.Parse(second, new JsonDocumentOptions { MaxDepth = 300 }))
        {
            var node = doc.RootElement.GetProperty("metadata").GetProperty("deep");
            var depth = 1;
            while (node.TryGetProperty("n", out var next)) { node = next; depth++; }
            Assert.Equal((ReadLimits.MaxDepth - 2, 1), (depth, node.GetProperty("leaf").GetInt32()));
        }
        var inspect = InputCases.Cli("inspect", "--json", "--by", "meta:deep.n.n", s.File("in.jsonl"));
        Assert.True(inspect.Exit == 0, inspect.Err);
    }

    [Fact]
    public void Metadata_nested_past_the_limit_is_a_bad_record_of_its_line()
    {
        using var s = new TempFolder();
        s.Write("in.jsonl", WithDeepMetadata(ReadLimits.MaxDepth));
        var (exit, _, err) = InputCases.Cli("inspect", s.File("in.jsonl"));
        Assert.Equal(1, exit);
        Assert.Matches(@"in\.jsonl\(2(,\d+)?\): error TC0004: ", err);
    }

    [Fact]
    public void A_file_whose_only_record_nests_to_the_limit_is_detected_and_read()
    {
        using var s = new TempFolder();
        var path = s.Write("deep.jsonl", WithDeepMetadata(ReadLimits.MaxDepth - 2).Split('\n')[1] + "\n"); // the deep run alone
        var (exit, output, err) = InputCases.Cli("inspect", "--json", path); // no --format: the head's parse must reach 256 too
        Assert.True(exit == 0, err);
        var input = Assert.Single(InputCases.Inputs(output));
        Assert.Equal(("agenttrace", 1), (input.GetProperty("format").GetString(), input.GetProperty("traces").GetInt32()));
    }

    [Fact]
    public void A_first_agenttrace_record_over_256_KB_before_its_llm_steps_is_detected()
    {
        using var s = new TempFolder();
        var lines = InputCases.SampleLines;
        var big = new string('x', 600_000);
        lines[0] = lines[0].Replace("\"tool_output\": \"\"", $"\"tool_output\": \"{big}\"");
        Assert.True(lines[0].IndexOf("\"llm_steps\"", StringComparison.Ordinal) > FormatHead.MaxBytes);
        var path = s.Write("runs.jsonl", string.Concat(lines.Select(l => l + "\n")));
        var (exit, output, err) = InputCases.Cli("inspect", "--json", path); // no --format: detection decides
        Assert.True(exit == 0, err);
        var input = Assert.Single(InputCases.Inputs(output));
        Assert.Equal(("agenttrace", lines.Length), (input.GetProperty("format").GetString(), input.GetProperty("traces").GetInt32()));
    }
}
