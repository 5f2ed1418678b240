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
        // A plain run reads while the inputs are still being resolved (the progress line's total needs them all first).
        if (options.Shard is null && !options.Progress) return RunWhileResolving(recipe, options, preparing);
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

    /// <summary>
    /// A plain run whose workers read the first files while the later ones are still being detected (on the 300 MB Claude
    /// Code folder the resolution had kept the workers idle for a tenth of the wall time). What the user is told is as
    /// when every input was resolved first: the plan's errors come first, then the resolution's, which is thrown instead
    /// of any error of reading (an earlier input's); reading's warnings are held until the resolution has ended.
    /// </summary>
    private static RunResult RunWhileResolving(Recipe recipe, RunOptions options, Task<RecipePlan> preparing)
    {
        IReadOnlyList<InputSpec> specs;
        try
        {
            specs = Specs(recipe, options);
        }
        catch
        {
            preparing.GetAwaiter().GetResult().Dispose(); // the plan's error comes first
            throw;
        }
        var limits = Limits(recipe, options);
        using var resolving = ResolvingInputs.Start(specs, options.Format, options.SkipUnknown);
        using var plan = preparing.GetAwaiter().GetResult();
        var runner = new RecipeRunner(plan, options with { SkippedUnknown = resolving.Skipped });
        var outDir = Path.GetFullPath(options.OutDir ?? Path.Combine("out", recipe.Name));
        try
        {
            return runner.Run(resolving, i => i with { Options = i.Options with { Limits = limits } }, new HeldLog(options.Log), outDir);
        }
        catch
        {
            resolving.Wait(); // the resolution's own error instead, when it has one
            throw;
        }
    }

    /// <summary>The recipe's inputs, or those of <c>--input</c>, as files with their readers.</summary>
    public static IReadOnlyList<Formats.InputFile> ResolveInputs(Recipe recipe, RunOptions options, ICollection<string>? skipped = null)
    {
        var limits = Limits(recipe, options);
        return InputResolver.Resolve(Specs(recipe, options), options.Format, options.SkipUnknown, skipped)
            .Select(i => i with { Options = i.Options with { Limits = limits } }).ToList();
    }

    private static IReadOnlyList<InputSpec> Specs(Recipe recipe, RunOptions options)
    {
        var specs = options.Inputs.Count > 0
            ? options.Inputs.Select(p => new InputSpec(p, Directory.GetCurrentDirectory(), new RecipePosition("--input", 0, 0))).ToList()
            : recipe.Inputs;
        if (specs.Count == 0)
            throw new Diagnostics.TraceCurateException(Diagnostics.Diagnostic.Error(Diagnostics.DiagnosticCodes.InputNotFound,
                "the recipe lists no inputs and none were given with --input", recipe.Path, 1, 1));
        return specs;
    }

    /// <summary>Command line over recipe over default (docs/safety.md); every reader sees the limits through its ReadOptions.</summary>
    private static Formats.ReadLimits Limits(Recipe recipe, RunOptions options) => new()
    {
        MaxRecordBytes = options.MaxRecordBytes ?? recipe.MaxRecordBytes ?? Formats.ReadLimits.DefaultMaxRecordBytes,
        MaxBadRecords = options.MaxBadRecords ?? recipe.MaxBadRecords ?? Formats.ReadLimits.DefaultMaxBadRecords,
    };
}
