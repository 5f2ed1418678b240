using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

public sealed class RecipeRunnerTests
{
    private static readonly string Samples = Path.Combine(RepoPaths.Samples(), "agenttrace").Replace('\\', '/');

    private static string Recipe(TempFolder temp, string steps, string outputs = "  - {path: kept.jsonl, format: original}\n  - {path: kept.traces.jsonl, format: trace}") =>
        temp.Write("r.yaml", $"name: r\ninputs: [{Samples}/*.jsonl]\nsteps:\n{steps}\noutputs:\n{outputs}\n");

    private static RunResult Run(string recipe, string outDir, int threads = 2, long? limit = null) =>
        RecipeJob.Run(recipe, new RunOptions { OutDir = outDir, Threads = threads, Limit = limit });

    // RecipeJob prepares the plan on another thread while it resolves the inputs: the errors must come out as when the
    // two ran one after the other, the plan's first.
    [Fact]
    public void A_run_whose_snippet_and_inputs_are_both_wrong_reports_the_snippet_and_writes_nothing()
    {
        using var temp = new TempFolder();
        var recipe = temp.Write("r.yaml", "name: r\ninputs: [missing/*.jsonl]\nsteps:\n  - where: t.NoSuchMember > 0\noutputs:\n  - {path: kept.jsonl, format: original}\n");

        var e = Assert.Throws<TraceCurateException>(() => Run(recipe, temp.File("out")));

        Assert.Contains("CS1061", Assert.Single(e.Diagnostics).Code);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void A_run_whose_inputs_alone_are_wrong_reports_the_inputs()
    {
        using var temp = new TempFolder();
        var recipe = temp.Write("r.yaml", "name: r\ninputs: [missing/*.jsonl]\nsteps:\n  - where: t.Actions.Count > 0\noutputs:\n  - {path: kept.jsonl, format: original}\n");

        var e = Assert.Throws<TraceCurateException>(() => Run(recipe, temp.File("out")));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(DiagnosticCodes.InputNotFound, d.Code);
        Assert.Contains("missing/*.jsonl", d.Message);
    }

    [Fact]
    public void A_throwing_snippet_stops_the_run_naming_step_trace_file_and_line_and_keeps_previous_outputs()
    {
        using var temp = new TempFolder();
        var outDir = temp.File("out");
        Run(Recipe(temp, "  - where: t.Actions.Count >= 0"), outDir);
        var before = Directory.GetFiles(outDir).ToDictionary(f => f, File.ReadAllBytes);

        // The third line of nl2bash.jsonl is the only trace with a 127 exit code.
        var recipe = Recipe(temp, "  - name: boom\n    where: |\n      t.Actions.Any(a => a.ExitCode == 127) ? throw new InvalidOperationException(\"kaboom\") : true");
        var e = Assert.Throws<TraceCurateException>(() => Run(recipe, outDir));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal("TC0005", d.Code);
        Assert.EndsWith("nl2bash.jsonl", d.Path);
        Assert.Equal(3L, d.Line);
        Assert.Contains("step 'boom'", d.Message);
        Assert.Contains("3f2a9c4e-0007-4e7a-9b0c-000000000007", d.Message);
        Assert.Contains("kaboom", d.Message);
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(outDir).Order());
        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
        Assert.Empty(Directory.GetDirectories(outDir)); // no staging folder left behind
    }

    [Fact]
    public void A_rerun_replaces_outputs_in_nested_folders_and_leaves_nothing_but_the_outputs()
    {
        using var temp = new TempFolder();
        var outDir = temp.File("out");
        const string outputs = "  - {path: data/train/kept.jsonl, format: original}\n  - {path: kept.traces.jsonl, format: trace}";
        Run(Recipe(temp, "  - where: true", outputs), outDir);
        Assert.Equal(7, File.ReadLines(temp.File("out/data/train/kept.jsonl")).Count());

        // The second run moves the first run's outputs aside, then removes them with its staging folder.
        Run(Recipe(temp, "  - where: t.Actions.Count >= 3\n  - where: t.Actions.Any(a => a.Failed)", outputs), outDir);

        Assert.Equal(4, File.ReadLines(temp.File("out/data/train/kept.jsonl")).Count());
        Assert.Equal(4, File.ReadLines(temp.File("out/kept.traces.jsonl")).Count());
        var left = Directory.EnumerateFileSystemEntries(outDir, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(outDir, p).Replace('\\', '/')).Order(StringComparer.Ordinal);
        Assert.Equal(["data", "data/train", "data/train/kept.jsonl", "kept.traces.jsonl", "manifest.json"], left);
    }

    [Fact]
    public void Limit_stops_after_n_input_traces_and_counts_only_those()
    {
        using var temp = new TempFolder();
        var result = Run(Recipe(temp, "  - where: true"), temp.File("out"), limit: 5);

        Assert.Equal(5, result.TracesRead);
        Assert.True(result.LimitReached);
        Assert.Equal(5, result.Funnel.Get(0, "in"));
        Assert.Equal(5, File.ReadLines(temp.File("out/kept.jsonl")).Count());
    }

    // The producer reads ahead of the limit as far as the threads' timing lets it; before, the manifest hashed whatever it
    // had read (bytes and SHA-256 of some later inputs in one run, none in another), so `verify` of a limited build
    // could fail at another thread count. Now the inputs from the one the limit stopped in are recorded unhashed.
    [Theory]
    [InlineData(3L)]
    [InlineData(40L)]
    public void Under_a_limit_the_manifest_is_byte_identical_for_any_thread_count_and_hashes_only_inputs_read_whole(long limit)
    {
        using var temp = new TempFolder();
        var recipe = temp.Write("r.yaml", $"name: r\ninputs:\n  - {{path: {RepoPaths.Samples().Replace('\\', '/')}, skip_unknown: true}}\noutputs:\n  - {{path: kept.openai.jsonl, format: openai}}\n");
        var manifests = new List<string>();
        foreach (var threads in new[] { 1, 2, 4 })
        {
            var result = RecipeJob.Run(recipe, new RunOptions { OutDir = temp.File($"out{threads}"), Threads = threads, Limit = limit, SkipUnknown = true });
            Assert.True(result.LimitReached);
            manifests.Add(File.ReadAllText(temp.File($"out{threads}/manifest.json")));
        }
        Assert.All(manifests, m => Assert.Equal(manifests[0], m));

        var inputs = Manifests.ManifestJson.Read(temp.File("out1/manifest.json")).Inputs;
        var hashed = inputs.TakeWhile(i => i.Sha256 != "").ToList();
        Assert.All(inputs.Skip(hashed.Count), i => Assert.Equal((0L, ""), (i.Bytes, i.Sha256))); // a prefix, then none
        Assert.True(inputs.Count > hashed.Count);
        foreach (var input in hashed) // each hash is the whole file's, computed here from the file itself
        {
            var bytes = File.ReadAllBytes(Path.Combine(temp.Path, input.Path));
            Assert.Equal((bytes.LongLength, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))), (input.Bytes, input.Sha256));
        }
        if (limit == 40) Assert.NotEmpty(hashed); // 40 traces reach past the first input of the samples
    }

    [Fact]
    public void Outputs_and_manifest_are_byte_identical_for_any_thread_count_and_output_folder()
    {
        using var temp = new TempFolder();
        var recipe = Recipe(temp, "  - where: t.Actions.Any(a => a.Failed)");
        Run(recipe, temp.File("one"), threads: 1);
        Run(recipe, temp.File("many"), threads: 8);

        foreach (var name in new[] { "kept.jsonl", "kept.traces.jsonl", "manifest.json" })
            Assert.Equal(File.ReadAllBytes(temp.File("one/" + name)), File.ReadAllBytes(temp.File("many/" + name)));
    }

    [Fact]
    public void Funnel_counts_in_kept_and_dropped_per_step()
    {
        using var temp = new TempFolder();
        // 7 sample traces; 5 have >= 3 actions; of those 4 have a failed action.
        var result = Run(Recipe(temp, "  - where: t.Actions.Count >= 3\n  - where: t.Actions.Any(a => a.Failed)"), temp.File("out"));

        Assert.Equal((7L, 5L, 2L), (result.Funnel.Get(0, "in"), result.Funnel.Get(0, "kept"), result.Funnel.Get(0, "dropped")));
        Assert.Equal((5L, 4L, 1L), (result.Funnel.Get(1, "in"), result.Funnel.Get(1, "kept"), result.Funnel.Get(1, "dropped")));
        Assert.Equal(4, result.TracesKept);
    }

    [Fact]
    public void A_bad_record_in_the_middle_fails_naming_file_and_line_unless_skipping()
    {
        using var temp = new TempFolder();
        var lines = File.ReadAllLines(Path.Combine(Samples, "mbpp.jsonl")).ToList();
        lines.Insert(2, "{\"trace_id\": \"broken\", \"spans\": [");
        File.WriteAllLines(temp.File("data.jsonl"), lines);
        var recipe = temp.Write("r.yaml", "name: r\ninputs: [data.jsonl]\noutputs:\n  - {path: k.jsonl, format: original}\n");

        var e = Assert.Throws<TraceCurateException>(() => Run(recipe, temp.File("out")));
        Assert.Equal(("TC0004", 3L), (e.Diagnostics[0].Code, e.Diagnostics[0].Line));
        Assert.EndsWith("data.jsonl", e.Diagnostics[0].Path);

        var result = RecipeJob.Run(recipe, new RunOptions { OutDir = temp.File("out"), SkipBadRecords = true });
        Assert.Equal(4, result.TracesRead);
        Assert.Equal(1, result.Inputs.Single().BadRecords);
        Assert.Contains("\"bad_records_skipped\": 1", File.ReadAllText(temp.File("out/manifest.json")));
    }

    [Fact]
    public void A_truncated_last_line_is_skipped_with_a_warning()
    {
        using var temp = new TempFolder();
        var text = File.ReadAllText(Path.Combine(Samples, "mbpp.jsonl"));
        File.WriteAllText(temp.File("data.jsonl"), text + text[..200]); // a writer that crashed mid-line
        var recipe = temp.Write("r.yaml", "name: r\ninputs: [data.jsonl]\noutputs:\n  - {path: k.jsonl, format: original}\n");
        var log = new StringWriter();

        var result = RecipeJob.Run(recipe, new RunOptions { OutDir = temp.File("out"), Log = log });

        Assert.Equal(4, result.TracesRead);
        Assert.Equal(1, result.Inputs.Single().Truncated);
        Assert.Contains("data.jsonl(5): warning TC0007", log.ToString());
    }
}
