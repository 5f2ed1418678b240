using System.Text.Json;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.Steps;

public sealed class MapStepTests
{
    [Fact]
    public void Map_replaces_the_trace_and_later_steps_see_the_new_one()
    {
        using var folder = new TempFolder();
        var samples = AgentTraceLines.Samples();
        folder.Write("in.jsonl", samples);
        RecipeRun.Run(folder, """
            name: map-test
            inputs: [in.jsonl]
            steps:
              - map: t with { Task = t.Task.ToUpperInvariant(), Messages = t.Messages.Where(m => m.Role != Role.Tool).ToList() }
              - where: t.Task.StartsWith("WRITE")
            outputs:
              - {path: t.jsonl, format: trace}
              - {path: o.jsonl, format: original}
            """);
        var written = File.ReadAllLines(folder["out/t.jsonl"]).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, written.Count); // the four mbpp prompts start with "Write"
        Assert.All(written, t => Assert.Equal(t.GetProperty("task").GetString(), t.GetProperty("task").GetString()!.ToUpperInvariant()));
        Assert.All(written, t => Assert.DoesNotContain(t.GetProperty("messages").EnumerateArray(), m => m.GetProperty("role").GetString() == "tool"));
        Assert.Equal(samples.Take(4), File.ReadAllLines(folder["out/o.jsonl"])); // the source record travels with the mapped trace
    }

    [Fact]
    public void Analysis_is_recomputed_after_a_map_so_later_steps_see_the_new_content()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        // Sample mbpp 2 fails, then recovers with the same tool; without its failed action nothing is left to recover from.
        RecipeRun.Run(folder, """
            name: map-reanalysis
            inputs: [in.jsonl]
            steps:
              - where: t.HasErrorRecovery
              - map: t with { Actions = t.Actions.Where(a => !a.Failed).Select((a, i) => a with { Index = i }).ToList() }
              - where: t.HasErrorRecovery
            outputs:
              - {path: t.jsonl, format: trace}
            """);
        var manifest = JsonDocument.Parse(File.ReadAllBytes(folder["out/manifest.json"])).RootElement;
        var steps = manifest.GetProperty("steps").EnumerateArray().ToList();
        Assert.True(steps[0].GetProperty("kept").GetInt64() > 0, "some sample should recover from an error");
        Assert.Equal(0, steps[2].GetProperty("kept").GetInt64());
    }

    [Fact]
    public void A_map_that_returns_null_stops_the_run_naming_the_step_and_trace()
    {
        using var folder = new TempFolder();
        var samples = AgentTraceLines.Samples();
        folder.Write("in.jsonl", samples);
        var e = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() => RecipeRun.Run(folder, """
            name: map-null
            inputs: [in.jsonl]
            steps:
              - name: broken
                map: "t.Actions.Count > 2 ? t : null"
            outputs: [{path: t.jsonl, format: trace}]
            """));
        var d = Assert.Single(e.Diagnostics);
        Assert.Contains("'broken'", d.Message);
        Assert.Contains(AgentTraceLines.Id(samples[3]), d.Message); // the first sample with fewer than three actions
    }

    [Fact]
    public void A_map_that_is_not_a_Trace_is_a_compile_error_at_its_position()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        var e = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() => RecipeRun.Run(folder, """
            name: map-type
            inputs: [in.jsonl]
            steps:
              - map: t.Task
            outputs: [{path: t.jsonl, format: trace}]
            """));
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal((4L, 10), (d.Line, d.Column));
    }
}
