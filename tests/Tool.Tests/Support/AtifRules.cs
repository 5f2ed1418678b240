using System.Text.Json;

namespace TraceCurate.Tests.Support;

/// <summary>
/// The ATIF rules a JSON Schema cannot state (tests/schemas/atif-v1.6.schema.json checks the rest): step ids are the
/// steps' positions 1, 2, … (Harbor's Trajectory.validate_step_ids); every result's <c>source_call_id</c> names a
/// <c>tool_call_id</c> of its own step (Trajectory.validate_tool_call_references); a step's call ids are unique (RFC 0001
/// ToolCallSchema); <c>cached_tokens</c> is a subset of <c>prompt_tokens</c> (RFC MetricsSchema, v1.2); and
/// <c>final_metrics.total_steps</c> is the number of steps unless <c>notes</c> explain otherwise (RFC FinalMetricsSchema).
/// Each failure names the trajectory and the step.
/// </summary>
public static class AtifRules
{
    public static void Check(JsonElement t, string where = "trajectory")
    {
        var steps = t.GetProperty("steps").EnumerateArray().ToList();
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var at = $"{where} steps[{i}]";
            Assert.True(s.GetProperty("step_id").GetInt64() == i + 1, $"{at}: step_id {s.GetProperty("step_id")} is not its position {i + 1}");
            var ids = new HashSet<string>(StringComparer.Ordinal);
            if (s.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                foreach (var c in calls.EnumerateArray())
                    Assert.True(ids.Add(c.GetProperty("tool_call_id").GetString()!), $"{at}: tool_call_id {c.GetProperty("tool_call_id")} twice");
            if (s.TryGetProperty("observation", out var o) && o.ValueKind == JsonValueKind.Object)
                foreach (var r in o.GetProperty("results").EnumerateArray())
                    if (r.TryGetProperty("source_call_id", out var sc) && sc.ValueKind == JsonValueKind.String)
                        Assert.True(ids.Contains(sc.GetString()!), $"{at}: source_call_id {sc} names no tool call of the step");
            if (s.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object
                && m.TryGetProperty("cached_tokens", out var cached) && cached.ValueKind == JsonValueKind.Number)
                Assert.True(m.TryGetProperty("prompt_tokens", out var prompt) && prompt.ValueKind == JsonValueKind.Number && cached.GetInt64() <= prompt.GetInt64(),
                    $"{at}: cached_tokens {cached} is not a part of prompt_tokens");
        }
        if (t.TryGetProperty("final_metrics", out var f) && f.ValueKind == JsonValueKind.Object
            && f.TryGetProperty("total_steps", out var total) && total.ValueKind == JsonValueKind.Number
            && !(t.TryGetProperty("notes", out var notes) && notes.ValueKind == JsonValueKind.String))
            Assert.True(total.GetInt64() == steps.Count, $"{where}: total_steps {total} but {steps.Count} steps, and no notes say why");
    }
}
