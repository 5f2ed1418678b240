using System.Text.Json;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Cli;

/// <summary>
/// Issue 26 §2: every command that prints results has <c>--json</c>; each document is validated against its schema in
/// docs/schemas/, and its figures are compared with what the test counts itself in the sample files.
/// </summary>
public sealed class JsonOutputTests
{
    private static readonly string Quickstart = Path.Combine(RepoPaths.Recipes, "quickstart.yaml");

    /// <summary>The quickstart recipe's inputs, counted here: one AgentTrace run per non-empty line.</summary>
    private static readonly string[] AgentTraceFiles = Directory.GetFiles(RepoPaths.Samples("agenttrace"), "*.jsonl").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Check_and_plan_json_name_the_recipes_steps_and_inputs()
    {
        var check = Support.Cli.Run("check", "--json", Quickstart);
        Assert.Equal(0, check.ExitCode);
        var c = JsonSchemas.AssertValid("check", check.Out);
        Assert.True(c.GetProperty("ok").GetBoolean());
        Assert.Equal(["multi-step", "has-failure", "recovered"], c.GetProperty("steps").EnumerateArray().Select(s => s.GetString()));

        var plan = Support.Cli.Run("plan", "--json", Quickstart);
        Assert.Equal(0, plan.ExitCode);
        var p = JsonSchemas.AssertValid("plan", plan.Out);
        Assert.Equal(AgentTraceFiles, p.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("path").GetString()));
        Assert.Equal(AgentTraceFiles.Select(f => new FileInfo(f).Length), p.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("bytes").GetInt64()));
    }

    [Fact]
    public void Run_verify_diff_export_and_merge_json_are_valid_and_agree_with_the_files()
    {
        using var temp = new TempFolder();
        var run = Support.Cli.Run("run", "--json", "--no-cache", Quickstart, "--out", temp["out"]);
        Assert.Equal(0, run.ExitCode);
        var r = JsonSchemas.AssertValid("run", run.Out);
        Assert.Equal(AgentTraceFiles.Sum(f => RepoPaths.SampleLines(Path.GetRelativePath(RepoPaths.Samples(), f)).Length), r.GetProperty("traces_read").GetInt64());
        foreach (var output in r.GetProperty("outputs").EnumerateArray())
            Assert.Equal(File.ReadAllLines(Path.Combine(temp["out"], output.GetProperty("path").GetString()!)).Length, output.GetProperty("records").GetInt64());
        Assert.Equal("", run.Err.Trim()); // the human summary is replaced, not printed beside the JSON

        var verify = Support.Cli.Run("verify", "--json", Quickstart, "--out", temp["out"]);
        Assert.Equal(0, verify.ExitCode);
        Assert.True(JsonSchemas.AssertValid("verify", verify.Out).GetProperty("identical").GetBoolean());

        var diff = Support.Cli.Run("diff", "--json", temp["out"], temp["out"]);
        Assert.Equal(0, diff.ExitCode);
        Assert.True(JsonSchemas.AssertValid("diff", diff.Out).GetProperty("same").GetBoolean());

        var export = Support.Cli.Run("export", "--json", RepoPaths.Samples("agenttrace"), "-f", "trace", "-o", temp["export.jsonl"]);
        Assert.Equal(0, export.ExitCode);
        var e = JsonSchemas.AssertValid("run", export.Out);
        Assert.Equal("export", e.GetProperty("command").GetString());
        Assert.Equal(File.ReadAllLines(temp["export.jsonl"]).Length, e.GetProperty("outputs")[0].GetProperty("records").GetInt64());

        for (var i = 0; i < 2; i++)
            Assert.Equal(0, Support.Cli.Run("run", Quickstart, "--shard", $"{i}/2", "--out", temp[$"part{i}"]).ExitCode);
        var merge = Support.Cli.Run("merge", "--json", temp["part0"], temp["part1"], "--out", temp["merged"]);
        Assert.Equal(0, merge.ExitCode);
        var m = JsonSchemas.AssertValid("merge", merge.Out);
        Assert.Equal(r.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("sha256").GetString()),
            m.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("sha256").GetString()));
    }

    [Fact]
    public void A_failure_with_json_is_a_document_with_its_diagnostics()
    {
        using var temp = new TempFolder();
        var recipe = temp.Write("bad.yaml", "name: bad\nsteps:\n  - wher: t.Actions.Count > 0\noutputs:\n  - {path: a.jsonl, format: nosuch}\n");

        var check = Support.Cli.Run("check", "--json", recipe);
        Assert.Equal(1, check.ExitCode);
        var doc = JsonSchemas.AssertValid("failure", check.Out);
        JsonSchemas.AssertValid("check", check.Out);
        var diagnostics = doc.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Equal([3L, 5L], diagnostics.Select(d => d.GetProperty("line").GetInt64()));
        Assert.All(diagnostics, d => Assert.Equal("TC0002", d.GetProperty("code").GetString()));
        Assert.Equal(2, check.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // stderr keeps the MSBuild lines

        var usage = Support.Cli.Run("run", "--json", "--threads", "0", Quickstart);
        Assert.Equal(2, usage.ExitCode);
        var u = JsonSchemas.AssertValid("failure", usage.Out);
        Assert.Equal("usage", u.GetProperty("diagnostics")[0].GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, u.GetProperty("diagnostics")[0].GetProperty("file").ValueKind);
    }

    [Fact]
    public void The_schemas_refuse_a_document_that_lacks_or_adds_keys()
    {
        // Proof that a pass above means something: a success without its keys, or with a stray one, is refused.
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => JsonSchemas.AssertValid("check", """{"schema_version":1,"command":"check","ok":true,"diagnostics":[]}"""));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => JsonSchemas.AssertValid("diff",
            """{"schema_version":1,"command":"diff","ok":true,"same":true,"build":[],"inputs":[],"steps":[],"outputs":[],"skips":[],"extra":1,"diagnostics":[]}"""));
        JsonSchemas.AssertValid("diff", """{"schema_version":1,"command":"diff","ok":true,"same":true,"build":[],"inputs":[],"steps":[],"outputs":[],"skips":[],"diagnostics":[]}""");
    }
}
