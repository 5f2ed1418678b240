using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

/// <summary>
/// A plain run reads while its inputs are still being resolved (<c>RecipeJob</c>); a sharded run, and one with a
/// progress line, resolve every input first. The two paths must give the same bytes, figures and errors: each test
/// runs the streaming path against the reference path, every input resolved before <c>RecipeRunner.Run</c> reads.
/// </summary>
public sealed class RunWhileResolvingTests
{
    private const string Outputs = "outputs:\n  - {path: kept.openai.jsonl, format: openai}\n  - {path: kept.traces.jsonl, format: trace}\n  - {path: kept.sharegpt.jsonl, format: sharegpt}\n";

    /// <summary>Both runs of <paramref name="recipe"/>: the streaming one through RecipeJob, the reference one resolving first.</summary>
    private static (RunResult Streaming, RunResult Reference) Both(TempFolder temp, string recipe, RunOptions options)
    {
        var streaming = RecipeJob.Run(recipe, options with { OutDir = temp.File("streaming") });
        var loaded = RecipeLoader.Load(recipe);
        var skipped = new List<string>();
        var inputs = RecipeJob.ResolveInputs(loaded, options, skipped);
        using var plan = RecipePlan.Prepare(loaded, options.Cache);
        var reference = new RecipeRunner(plan, options with { SkippedUnknown = skipped }).Run(inputs, temp.File("reference"));
        return (streaming, reference);
    }

    /// <summary>Every file the same, the manifest included (under <c>--limit</c> too: see LimitManifestTests).</summary>
    private static void AssertSameFolders(string expected, string actual)
    {
        var names = Directory.EnumerateFiles(expected).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, Directory.EnumerateFiles(actual).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        Assert.Contains("manifest.json", names);
        Assert.Contains("kept.openai.jsonl", names);
        foreach (var name in names)
            Assert.Equal(File.ReadAllText(Path.Combine(expected, name!)), File.ReadAllText(Path.Combine(actual, name!)));
    }

    private static void AssertSameFigures(RunResult expected, RunResult actual)
    {
        Assert.Equal((expected.TracesRead, expected.TracesKept, expected.LimitReached), (actual.TracesRead, actual.TracesKept, actual.LimitReached));
        Assert.Equal(expected.Inputs.Select(i => (i.File.Path, i.File.Index, i.Traces)), actual.Inputs.Select(i => (i.File.Path, i.File.Index, i.Traces)));
        Assert.Equal(expected.SkippedUnknown, actual.SkippedUnknown);
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, null)]
    [InlineData(2, 3L)] // --limit: the inputs the reading never reached are still listed in the manifest
    [InlineData(1, 40L)]
    public void The_samples_give_the_same_outputs_manifest_and_figures_as_when_every_input_is_resolved_first(int threads, long? limit)
    {
        using var temp = new TempFolder();
        var recipe = temp.Write("r.yaml", $"name: r\ninputs:\n  - {{path: {RepoPaths.Samples().Replace('\\', '/')}, skip_unknown: true}}\nsteps:\n  - where: t.Actions.Count >= 1\n{Outputs}");
        var options = new RunOptions { Threads = threads, Limit = limit, Cache = temp.Cache, SkipBadRecords = true };

        var (streaming, reference) = Both(temp, recipe, options);

        Assert.True(reference.Inputs.Count > 20);
        Assert.NotEmpty(reference.SkippedUnknown);
        AssertSameFigures(reference, streaming);
        AssertSameFolders(temp.File("reference"), temp.File("streaming"));
    }

    [CorpusFact]
    public void The_corpus_gives_the_same_outputs_and_manifest_as_when_every_input_is_resolved_first()
    {
        var corpus = RepoPaths.Corpus!;
        using var temp = new TempFolder();
        var recipe = temp.Write("r.yaml", $"name: r\ninputs:\n  - {{path: {corpus.Replace('\\', '/')}, skip_unknown: true}}\n{Outputs}");

        var (streaming, reference) = Both(temp, recipe, new RunOptions { Threads = 2, Cache = temp.Cache, SkipBadRecords = true });

        AssertSameFigures(reference, streaming);
        AssertSameFolders(temp.File("reference"), temp.File("streaming"));
    }

    // The resolution fails on the second input after the first was read (and failed on a bad record): the user is told
    // the resolution's error, which comes first in input order, and no output folder is left behind.
    [Fact]
    public void An_input_that_cannot_be_resolved_is_reported_before_an_earlier_input_s_reading_error_and_nothing_is_written()
    {
        using var temp = new TempFolder();
        var bad = temp.Write("data/bad.jsonl", File.ReadAllText(RepoPaths.Samples("agenttrace/mbpp.jsonl")) + "{not json\n");
        var recipe = temp.Write("r.yaml", $"name: r\n{Outputs}");
        var options = new RunOptions { Inputs = [bad, temp.File("missing/nothing.jsonl")], Cache = temp.Cache, OutDir = temp.File("out") };

        var resolving = Assert.Throws<TraceCurateException>(() => RecipeJob.ResolveInputs(RecipeLoader.Load(recipe), options));
        var streaming = Assert.Throws<TraceCurateException>(() => RecipeJob.Run(recipe, options));

        Assert.Equal(resolving.Diagnostics.Select(d => d.ToString()), streaming.Diagnostics.Select(d => d.ToString()));
        Assert.False(Directory.Exists(temp.File("out")));
        // Resolved, the first input's bad record is the error.
        var reading = Assert.Throws<TraceCurateException>(() => RecipeJob.Run(recipe, options with { Inputs = [bad] }));
        Assert.DoesNotContain(reading.Diagnostics, d => resolving.Diagnostics.Any(r => r.Code == d.Code));
    }
}
