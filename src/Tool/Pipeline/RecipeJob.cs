using TraceCurate.Manifests;
using TraceCurate.Reading;
using TraceCurate.Recipes;

namespace TraceCurate.Pipeline;

/// <summary>
/// The whole <c>run</c>: load the recipe, prepare it (compile), resolve the inputs, run into the output folder; with a
/// shard, only that shard's slice of the work units, into a part folder. The one entry point the CLI and the tests
/// call, so both exercise the same path.
/// </summary>
public static class RecipeJob
{
    public static RunResult Run(string recipePath, RunOptions options)
    {
        var recipe = RecipeOverrides.Apply(RecipeLoader.Load(recipePath), options.Params);
        recipe = Steps.Redaction.CommandLineSecrets.Attach(recipe, options.Secrets);
        // Preparing the plan (snippets compiled, or loaded from the cache) and resolving the inputs (each file's format
        // detected from its head) do not depend on each other: another core prepares while this thread resolves. The
        // plan's errors are still reported first, as when the two ran one after the other.
        var preparing = Task.Run(() => RecipePlan.Prepare(recipe, options.Cache));
        IReadOnlyList<Formats.InputFile>? resolved = null;
        var skipped = new List<string>();
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? unresolved = null;
        try
        {
            resolved = ResolveInputs(recipe, options, skipped);
        }
        catch (Exception e)
        {
            unresolved = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
        }
        using var plan = preparing.GetAwaiter().GetResult();
        unresolved?.Throw();
        var inputs = resolved!;
        var runner = new RecipeRunner(plan, options with { SkippedUnknown = skipped });
        if (options.Shard is not { } shard)
            return runner.Run(inputs, Path.GetFullPath(options.OutDir ?? Path.Combine("out", recipe.Name)));

        ShardGuard.Check(plan, options);
        var units = WorkPlan.Build(inputs, options.UnitBytes);
        var (first, count) = WorkPlan.Slice(units.Count, shard.Index, shard.Count);
        var part = new PartInfo(shard.Index, shard.Count, WorkPlan.Hash(units, recipe.Directory), units.Count, first, count);
        var outDir = Path.GetFullPath(options.OutDir ?? Path.Combine("out", recipe.Name, "parts", shard.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return runner.Run(inputs, units.Skip(first).Take(count).ToList(), outDir, part);
    }

    /// <summary>The recipe's inputs, or those of <c>--input</c>, as files with their readers.</summary>
    public static IReadOnlyList<Formats.InputFile> ResolveInputs(Recipe recipe, RunOptions options, ICollection<string>? skipped = null)
    {
        var specs = options.Inputs.Count > 0
            ? options.Inputs.Select(p => new InputSpec(p, Directory.GetCurrentDirectory(), new RecipePosition("--input", 0, 0))).ToList()
            : recipe.Inputs;
        if (specs.Count == 0)
            throw new Diagnostics.TraceCurateException(Diagnostics.Diagnostic.Error(Diagnostics.DiagnosticCodes.InputNotFound,
                "the recipe lists no inputs and none were given with --input", recipe.Path, 1, 1));
        // Command line over recipe over default (docs/safety.md); every reader sees the limits through its ReadOptions.
        var limits = new Formats.ReadLimits
        {
            MaxRecordBytes = options.MaxRecordBytes ?? recipe.MaxRecordBytes ?? Formats.ReadLimits.DefaultMaxRecordBytes,
            MaxBadRecords = options.MaxBadRecords ?? recipe.MaxBadRecords ?? Formats.ReadLimits.DefaultMaxBadRecords,
        };
        return InputResolver.Resolve(specs, options.Format, options.SkipUnknown, skipped)
            .Select(i => i with { Options = i.Options with { Limits = limits } }).ToList();
    }
}
