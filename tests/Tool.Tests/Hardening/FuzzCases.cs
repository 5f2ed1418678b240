using TraceCurate.Formats;
using TraceCurate.Pipeline;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Hardening;

/// <summary>One generated fuzz input: which format's seeds it came from, its number, the seed file and the mutation.</summary>
internal sealed record FuzzCase(string Run, string Format, int Index, string Seed, string Mutation)
{
    /// <summary>What a failure prints and what <c>TRACE_CURATE_FUZZ_ONLY</c> takes to run this case alone.</summary>
    public string Name => $"{Format}#{Index}";

    /// <summary>The generator of this case: a pure function of the run's seed and the case's name.</summary>
    public Random Random() => Mutations.RandomFor($"{Run}/{Name}/{Mutation}");

    public override string ToString() =>
        $"case {Name} of run seed '{Run}' (seed file {Seed}, mutation {Mutation}); rerun alone with " +
        $"TRACE_CURATE_FUZZ_SEED={Run} TRACE_CURATE_FUZZ_ONLY={Name}";
}

/// <summary>
/// The seed files of each format and the cases drawn from them. Case <c>n</c> of a format picks its seed file and mutation
/// with a generator seeded from the run's seed (<c>TRACE_CURATE_FUZZ_SEED</c>, "ci" by default) and <c>n</c>, so a
/// case is the same on every machine that has the same seed files (the samples, plus the shared corpus when present).
/// </summary>
internal static class FuzzCases
{
    /// <summary>Cases per format when <c>TRACE_CURATE_FUZZ_CASES</c> is not set: what CI runs.</summary>
    public const int CiCasesPerFormat = 1_000;

    /// <summary>
    /// Corpus seeds are cut to their first whole lines within this size (a JSON document larger than it is left out): a
    /// case must cost milliseconds, and a mutation finds as much in the head of a session as in all of it.
    /// </summary>
    private const int MaxCorpusSeedBytes = 24 * 1024;

    public static string RunSeed => Environment.GetEnvironmentVariable("TRACE_CURATE_FUZZ_SEED") is { Length: > 0 } s ? s : "ci";

    public static int PerFormat =>
        int.TryParse(Environment.GetEnvironmentVariable("TRACE_CURATE_FUZZ_CASES"), out var n) && n > 0 ? n : CiCasesPerFormat;

    /// <summary>Only this case ("format#n") when <c>TRACE_CURATE_FUZZ_ONLY</c> is set.</summary>
    public static string? Only => Environment.GetEnvironmentVariable("TRACE_CURATE_FUZZ_ONLY") is { Length: > 0 } s ? s : null;

    public static IEnumerable<string> Formats => FormatRegistry.Names.Order(StringComparer.Ordinal);

    public static IEnumerable<FuzzCase> For(string format, int count)
    {
        var seeds = Seeds.Value[format].Keys.ToArray();
        if (seeds.Length == 0) throw new InvalidOperationException($"no seed file for {format}");
        for (var i = 0; i < count; i++)
        {
            var rng = Mutations.RandomFor($"{RunSeed}/{format}#{i}");
            var seed = seeds[rng.Next(seeds.Length)];
            var mutation = Mutations.AllOfSeed[rng.Next(Mutations.AllOfSeed.Length)];
            var fuzzCase = new FuzzCase(RunSeed, format, i, seed, mutation);
            if (Only is null || Only == fuzzCase.Name) yield return fuzzCase;
        }
    }

    /// <summary>The mutated bytes and the file name the input gets (the seed's, with .gz for a gzip stream).</summary>
    public static (byte[] Bytes, string FileName) Make(FuzzCase fuzzCase)
    {
        var bytes = Mutations.Apply(Seeds.Value[fuzzCase.Format][fuzzCase.Seed](), fuzzCase.Mutation, fuzzCase.Random());
        var name = Path.GetFileName(fuzzCase.Seed);
        if (fuzzCase.Mutation is "gzip-then-flip" or "gzip-truncate") name += ".gz";
        if (fuzzCase.Mutation is "zstd-truncate") name += ".zst";
        return (bytes, name);
    }

    /// <summary>Format → seed name → its bytes (read once and kept: every case of a format reuses them).</summary>
    private static readonly Lazy<Dictionary<string, SortedDictionary<string, Func<byte[]>>>> Seeds = new(() =>
    {
        var seeds = FormatRegistry.Names.ToDictionary(f => f, _ => new SortedDictionary<string, Func<byte[]>>(StringComparer.Ordinal));
        void Add(string format, string name, Func<byte[]> bytes)
        {
            var once = new Lazy<byte[]>(bytes);
            seeds[format][name] = () => once.Value;
        }
        foreach (var format in seeds.Keys.ToList())
        {
            var samples = Path.Combine(RepoPaths.Samples(), format);
            if (Directory.Exists(samples))
                foreach (var file in Directory.EnumerateFiles(samples, "*", SearchOption.AllDirectories))
                    Add(format, "samples/" + Path.GetRelativePath(RepoPaths.Samples(), file).Replace('\\', '/'), () => File.ReadAllBytes(file));
            if (RepoPaths.Corpus is { } corpus && Directory.Exists(Path.Combine(corpus, format)))
                foreach (var file in Directory.EnumerateFiles(Path.Combine(corpus, format), "*", SearchOption.AllDirectories))
                    if (CorpusSeed(file) is { } bytes)
                        Add(format, "corpus/" + Path.GetRelativePath(corpus, file).Replace('\\', '/'), () => bytes);
        }
        Add("trace", "trace-output/agenttrace-samples.traces.jsonl", () => Written("trace", "all.jsonl"));
        Add("agenttrace-parquet", "agenttrace-parquet-output/agenttrace-samples.parquet", () => Written("agenttrace-parquet", "all.parquet"));
        Add("trace-parquet", "trace-parquet-output/agenttrace-samples.parquet", () => Written("parquet", "all.parquet"));
        return seeds;
    });

    private static byte[]? CorpusSeed(string file)
    {
        var bytes = File.ReadAllBytes(file);
        if (bytes.Length <= MaxCorpusSeedBytes) return bytes;
        if (!file.EndsWith(".jsonl", StringComparison.Ordinal)) return null;
        var end = bytes.AsSpan(0, MaxCorpusSeedBytes).LastIndexOf((byte)'\n');
        return end <= 0 ? null : bytes[..(end + 1)];
    }

    /// <summary>The AgentTrace samples written by the tool in an output format (the seed of a format only the tool writes).</summary>
    private static byte[] Written(string format, string path)
    {
        using var scratch = new TempFolder();
        var recipe = scratch.Write("to.yaml", $"name: to-{format}\noutputs:\n  - path: {path}\n    format: {format}\n");
        RecipeJob.Run(recipe, new RunOptions
        {
            Inputs = [Path.Combine(RepoPaths.Samples(), "agenttrace", "*.jsonl")], OutDir = scratch.File("out"), Cache = scratch.Cache,
        });
        return File.ReadAllBytes(scratch.File("out/" + path));
    }
}
