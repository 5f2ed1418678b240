using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.Redaction;

/// <summary>Deny rules, the publish scan gate, the findings report, and the check that refuses an original after a map.</summary>
public sealed class ShareGuardTests
{
    private const string Token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";

    private static List<string> Planted(Func<int, string?> text) =>
        AgentTraceLines.Samples().Select((l, i) => text(i) is { } t ? AgentTraceLines.Edit(l, o => o["prompt"] = o["prompt"]!.GetValue<string>() + " " + t) : l).ToList();

    [Fact]
    public void Deny_drops_matching_traces_and_the_rejects_file_does_not_quote_the_match()
    {
        using var folder = new TempFolder();
        var lines = Planted(i => i % 2 == 0 ? "about Project  Falcon" : null);
        folder.Write("in.jsonl", lines);
        var result = RecipeRun.Run(folder, """
            name: deny
            inputs: [in.jsonl]
            rejects: rejects.jsonl
            steps:
              - {name: secret-projects, deny: ['Project\s+Falcon', 'Operation\s+Nimbus']}
            outputs: [{path: t.jsonl, format: trace}]
            """);
        var planted = (lines.Count + 1) / 2;
        Assert.Equal(planted, RecipeRun.Counter(result, "secret-projects", "dropped.denied"));
        Assert.Equal(lines.Count - planted, File.ReadAllLines(folder["out/t.jsonl"]).Length);
        var rejects = File.ReadAllLines(folder["out/rejects.jsonl"]);
        Assert.Equal(planted, rejects.Length);
        Assert.All(rejects, r => Assert.Contains("deny rule 1 matched task", r));
        Assert.DoesNotContain("Falcon", string.Concat(rejects));
    }

    [Fact]
    public void The_publish_gate_fails_the_run_naming_trace_field_and_kind_and_replaces_nothing()
    {
        using var folder = new TempFolder();
        var lines = Planted(i => i == 1 ? "push with " + Token : null);
        folder.Write("in.jsonl", lines);
        var e = Assert.Throws<TraceCurateException>(() => RecipeRun.Run(folder, """
            name: gate
            inputs: [in.jsonl]
            steps:
              - {name: scrub, redact: [emails]}
            outputs: [{path: t.jsonl, format: trace, publish: true}]
            """));
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal("TC0030", d.Code);
        Assert.Contains(AgentTraceLines.Id(lines[1]), d.Message);
        Assert.Contains("github_token", d.Message);
        Assert.Contains(" at task", d.Message);
        Assert.DoesNotContain(Token, e.ToString());
        Assert.False(Directory.Exists(folder["out"]), "a failed first run leaves no output folder");

        // With the token redacted the same recipe publishes.
        RecipeRun.Run(folder, """
            name: gate
            inputs: [in.jsonl]
            steps:
              - {name: scrub, redact: [emails, secrets]}
            outputs: [{path: t.jsonl, format: trace, publish: true}]
            """);
        Assert.DoesNotContain(Token, folder.Read("out/t.jsonl"));
    }

    [Fact]
    public void The_findings_report_lists_trace_field_kind_and_count_never_the_value()
    {
        using var folder = new TempFolder();
        var lines = Planted(i => i == 0 ? $"mail jane@example.org or joe@example.org; token {Token}" : null);
        folder.Write("in.jsonl", lines);
        RecipeRun.Run(folder, """
            name: findings
            inputs: [in.jsonl]
            steps:
              - {name: scrub, redact: [emails, secrets]}
            outputs: [{path: t.jsonl, format: trace}]
            """);
        var rows = File.ReadAllLines(folder["out/redactions.jsonl"]).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var task = Assert.Single(rows, r => r.GetProperty("path").GetString() == "task");
        Assert.Equal(AgentTraceLines.Id(lines[0]), task.GetProperty("trace").GetString());
        Assert.Equal("scrub", task.GetProperty("step").GetString());
        Assert.Equal(2, task.GetProperty("kinds").GetProperty("email").GetInt32());
        Assert.Equal(1, task.GetProperty("kinds").GetProperty("github_token").GetInt32());
        Assert.Contains(rows, r => r.GetProperty("path").GetString()!.StartsWith("original.", StringComparison.Ordinal));
        var text = folder.Read("out/redactions.jsonl");
        Assert.DoesNotContain("jane@", text);
        Assert.DoesNotContain(Token, text);
        Assert.Contains("redactions.jsonl", folder.Read("out/manifest.json"));
    }

    [Fact]
    public void Check_refuses_an_original_output_after_a_map_in_a_redacting_recipe()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        var e = Assert.Throws<TraceCurateException>(() => RecipeRun.Run(folder, """
            name: refused
            inputs: [in.jsonl]
            steps:
              - {name: shorten, map: 't with { Task = t.Task }'}
              - {name: scrub, redact: [secrets]}
            outputs: [{path: o.jsonl, format: original}]
            """));
        var d = Assert.Single(e.Diagnostics);
        Assert.Contains("'shorten' (map)", d.Message);
        Assert.Contains("format: original", d.Message);
        Assert.Equal(6L, d.Line);
    }

    [Fact]
    public void An_hf_dataset_which_copies_the_recipe_refuses_secret_values_written_in_it()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        var e = Assert.Throws<TraceCurateException>(() => RecipeRun.Run(folder, """
            name: literal
            inputs: [in.jsonl]
            steps:
              - {name: scrub, redact: {secrets: ['a-literal-secret-1']}}
            outputs: [{path: ds/, format: hf-dataset}]
            """));
        Assert.Contains("secrets_from", Assert.Single(e.Diagnostics).Message);
        Assert.DoesNotContain("a-literal-secret-1", e.ToString());
    }
}
