using System.Text.Json;
using TraceCurate.Manifests;
using TraceCurate.Pipeline;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// Issue 20, "sub-agents in every export": every run of every Claude Code corpus file (inline side chains, a
/// sub-agent folder, a warm-up file, compacted and unlinked sessions) reaches a `codeact` and an `openai` export, or the
/// output counts it with its reason. Which runs the files hold, and which call started each sub-agent, comes from
/// tests/corpus-counts/claude_code_runs.py over the raw lines, not from the reader.
/// </summary>
public sealed class SubagentCorpusTests
{
    private sealed record Run(string File, string Id, string Kind, string? ParentId, string? ParentCallId);

    private static List<Run> Runs(string folder, out int warmups)
    {
        var counted = CorpusCounts.Run("claude_code_runs.py", folder);
        warmups = counted.GetProperty("warmups").GetInt32();
        return counted.GetProperty("runs").EnumerateArray().Select(r => new Run(r.GetProperty("file").GetString()!, r.GetProperty("id").GetString()!,
            r.GetProperty("kind").GetString()!, r.GetProperty("parent_id").GetString(), r.GetProperty("parent_call_id").GetString())).ToList();
    }

    private static RunResult RunRecipe(TempFolder temp, string folder, string outputs) => RecipeRun.Run(temp,
        $"name: corpus\ninputs: ['{folder}']\noutputs:\n{outputs}");

    [CorpusFact("claude-code")]
    public void Every_Claude_Code_run_reaches_codeact_and_openai_or_is_counted_with_its_reason()
    {
        var folder = CorpusCounts.File("claude-code");
        var runs = Runs(folder, out var warmups);
        using var temp = new TempFolder();

        var result = RunRecipe(temp, folder,
            "  - {path: codeact.jsonl, format: codeact, include_metadata: true}\n  - {path: openai.jsonl, format: openai, include_metadata: true}\n");

        Assert.True(runs.Count(r => r.Kind == "subagent") >= 10, "the corpus holds 5 inline and 5 separate sub-agents");
        Assert.Equal(1, warmups); // claude_agent.jsonl, skipped by the reader unless `warmup: include`
        Assert.Equal(runs.Count, result.TracesKept);
        var manifest = ManifestJson.Read(temp.File("out/manifest.json"));
        foreach (var output in result.Outputs)
        {
            var lines = File.ReadAllLines(temp.File("out/" + output.Path));
            var records = lines.Select(l => Some.Json(l).GetProperty("metadata")).ToDictionary(m => m.GetProperty("id").GetString()!);
            var skipped = output.Skipped.Sum(s => s.Value);
            Assert.True(records.Count + skipped == result.TracesKept,
                $"{output.Path}: {records.Count} records + skipped {string.Join(", ", output.Skipped)} != {result.TracesKept} kept");
            Assert.Equal(output.Records, records.Count);
            Assert.Equal(output.Skipped, manifest.Outputs.Single(o => o.Path == output.Path).Skipped);
            Assert.Subset(runs.Select(r => r.Id).ToHashSet(), records.Keys.ToHashSet());

            foreach (var run in runs.Where(r => r.Kind == "subagent"))
            {
                Assert.True(records.TryGetValue(run.Id, out var meta), $"{output.Path}: sub-agent {run.Id} has no record");
                Assert.Equal("subagent", meta.GetProperty("kind").GetString());
                Assert.Equal(run.ParentId, meta.GetProperty("parent_id").GetString());
                var call = meta.GetProperty("parent_call_id");
                // The reader links a side chain to its Task call, in one file or from a sub-agent file beside its
                // session: it must be the call the raw lines name (toolUseResult.agentId, else the Task prompt).
                if (run.ParentCallId is not null) Assert.Equal(run.ParentCallId, call.GetString());
            }
        }
    }

    [CorpusFact("claude-code")]
    public void Inline_places_each_linked_subagent_after_its_call_and_writes_the_others_on_their_own()
    {
        var folder = CorpusCounts.File("claude-code");
        var runs = Runs(folder, out _);
        using var temp = new TempFolder();

        var result = RunRecipe(temp, folder, "  - {path: codeact.jsonl, format: codeact, subagents: inline}\n");

        var output = Assert.Single(result.Outputs);
        var inlined = output.Skipped.SingleOrDefault(s => s.Key == "subagent_inlined").Value;
        var subagents = runs.Where(r => r.Kind == "subagent").ToList();
        Assert.Equal(subagents.Count, inlined + output.SubagentsNotInlined);
        Assert.Equal(result.TracesKept, output.Records + output.Skipped.Sum(s => s.Value));
        ExportValidators.ValidateFile("codeact", temp.File("out/codeact.jsonl"));

        var elements = File.ReadAllLines(temp.File("out/codeact.jsonl")).Select(l => Some.Json(l))
            .SelectMany(r => r.GetProperty("trajectory").EnumerateArray().Where(e => e.GetProperty("role").GetString() == "subagent")
                .Select(e => (Parent: r.GetProperty("session_id").GetString(), Id: e.GetProperty("session_id").GetString(), Call: e.GetProperty("tool_use_id").GetString())))
            .ToList();
        Assert.Equal(inlined, elements.Count);
        foreach (var (parent, id, call) in elements)
        {
            var run = Assert.Single(subagents, r => r.Id == id);
            Assert.Equal((run.ParentId, run.ParentCallId), (parent, call));
        }
        // Side chains in their session's own file are linked by the reader today: all five are inlined.
        Assert.Superset(subagents.Where(s => runs.Any(p => p.Kind == "main" && p.Id == s.ParentId && p.File == s.File)).Select(s => s.Id).ToHashSet(),
            elements.Select(e => e.Id!).ToHashSet());
    }
}
