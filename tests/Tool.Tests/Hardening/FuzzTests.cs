using TraceCurate.Tests.Support;
using TraceCurate.Pipeline;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Every reader of <see cref="TraceCurate.Formats.FormatRegistry"/> against mutated real and sample traces and synthetic hostile
/// files, through the real pipeline (see <see cref="FuzzHarness"/> for the contract). Seeds: every file under
/// <c>samples/</c>, the tool's own trace-format output, and every file of the shared corpus when it is present.
/// </summary>
public sealed partial class FuzzTests
{
    public static IEnumerable<object[]> SeedCases() =>
        Seeds().Keys.SelectMany(seed => Mutations.OfSeed.Select(m => new object[] { seed, m }));

    public static IEnumerable<object[]> SyntheticCases() => Mutations.Synthetic.Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(SeedCases))]
    public void A_mutated_trace_file_ends_in_success_or_a_diagnostic_naming_file_and_line(string seed, string mutation)
    {
        using var scratch = new TempFolder();
        var bytes = Mutations.OfSeedFile(Seeds()[seed](), mutation, seed);
        var input = scratch.File("in-" + Path.GetFileName(seed));
        File.WriteAllBytes(input, bytes);
        FuzzHarness.AssertEveryReaderEndsCleanly(scratch, input, $"{seed.Replace('/', '-')}.{mutation}");
    }

    [Theory]
    [MemberData(nameof(SyntheticCases))]
    public void A_hostile_synthetic_file_ends_in_success_or_a_diagnostic_naming_file_and_line(string name)
    {
        using var scratch = new TempFolder();
        var input = scratch.File(name + ".jsonl");
        File.WriteAllBytes(input, Mutations.Make(name));
        FuzzHarness.AssertEveryReaderEndsCleanly(scratch, input, name);
    }

    /// <summary>Seed name → its bytes (made on first use: the trace output needs a run).</summary>
    private static IReadOnlyDictionary<string, Func<byte[]>> Seeds()
    {
        var seeds = new SortedDictionary<string, Func<byte[]>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Samples(), "*", SearchOption.AllDirectories))
            seeds["samples/" + Path.GetRelativePath(RepoPaths.Samples(), file).Replace('\\', '/')] = () => File.ReadAllBytes(file);
        seeds["trace-output/agenttrace-samples.traces.jsonl"] = () => TraceOutput.Value;
        if (RepoPaths.Corpus is { } corpus)
        {
            foreach (var file in Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)))
                seeds["corpus/" + Path.GetRelativePath(corpus, file).Replace('\\', '/')] = () => File.ReadAllBytes(file);
        }
        return seeds;
    }

    /// <summary>The AgentTrace samples written back out in the tool's own trace format.</summary>
    private static readonly Lazy<byte[]> TraceOutput = new(() =>
    {
        using var scratch = new TempFolder();
        var recipe = scratch.Write("to-trace.yaml", "name: to-trace\noutputs:\n  - path: all.jsonl\n    format: trace\n");
        RecipeJob.Run(recipe, new RunOptions
        {
            Inputs = [Path.Combine(RepoPaths.Samples(), "agenttrace", "*.jsonl")], OutDir = scratch.File("out"), Cache = scratch.Cache,
        });
        return File.ReadAllBytes(scratch.File("out/all.jsonl"));
    });
}
