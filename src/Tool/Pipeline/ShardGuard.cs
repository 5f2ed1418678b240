using TraceCurate.Diagnostics;

namespace TraceCurate.Pipeline;

/// <summary>
/// Refuses what cannot run as a shard and merge into the plain run's bytes: a step whose answer depends on the traces
/// before it (dedup, cap) would see only its shard's traces; an output whose file is not a plain concatenation of
/// per-trace records (Parquet, a report) cannot be joined by concatenation; <c>--limit</c> counts across all shards;
/// <c>subagents: inline</c> needs a session and its sub-agent files in one run.
/// </summary>
public static class ShardGuard
{
    public static void Check(RecipePlan plan, RunOptions options)
    {
        var errors = new List<Diagnostic>();
        var recipe = plan.Recipe;
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            if (plan.Steps[i].IsStateless) continue;
            var at = recipe.Steps[i].Position;
            errors.Add(Diagnostic.Error(DiagnosticCodes.ShardRefused,
                $"step '{plan.Steps[i].Name}' ({recipe.Steps[i].Verb}) depends on the traces before it, so it cannot run in a shard; " +
                "run the recipe without --shard, or move the step into a second recipe that reads the merged output",
                at.File, at.Line, at.Column));
        }
        foreach (var output in recipe.Outputs)
        {
            // A session and its sub-agent files can fall into two shards: inlining needs them in one run.
            if (output.Settings.TryGetValue("subagents", out var subagents) && subagents == "inline")
                errors.Add(Diagnostic.Error(DiagnosticCodes.ShardRefused,
                    $"output '{output.Path}' says 'subagents: inline', which needs a session and its sub-agents in one run; run without --shard",
                    output.Position.File, output.Position.Line, output.Position.Column));
            if (Catalog.OutputFormats.IsConcatenable(output.Format)) continue;
            errors.Add(Diagnostic.Error(DiagnosticCodes.ShardRefused,
                $"output '{output.Path}' (format {output.Format}) cannot be merged from shards by concatenation; run without --shard",
                output.Position.File, output.Position.Line, output.Position.Column));
        }
        if (options.Limit is not null)
            errors.Add(Diagnostic.Error(DiagnosticCodes.ShardRefused, "--limit counts traces across the whole run and cannot be used with --shard"));
        if (errors.Count > 0) throw new TraceCurateException(errors);
    }
}
