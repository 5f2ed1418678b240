using Process = System.Diagnostics.Process;
using BenchmarkDotNet.Attributes;
using TraceCurate.Exports;
using TraceCurate.Formats;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;
using TraceCurate.Scripting;
using TraceCurate.Steps;
using TraceCurate.Traces;

namespace TraceCurate.Bench.Micro;

/// <summary>
/// One benchmark per stage of the hot path, each over the whole in-memory corpus (so a result divided by the corpus
/// size is a per-megabyte cost; the corpus size is printed in the setup). Stages build on each other: Parse includes
/// the row parsing that Analyze also pays, and so on, so differences between rows are what each stage adds.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class HotPaths
{
    [Params(20)]
    public int CorpusMB { get; set; }

    private byte[] _corpus = [];
    private RawRecord[] _records = [];
    private Trace[] _analyzed = [];
    private Trace[] _kept = [];
    private RecipePlan? _plan;
    private IRenderingWriter? _openai;
    private string _work = "";

    private static readonly AgentTraceReader Reader = new();

    [GlobalSetup]
    public void Setup()
    {
        _work = Path.Combine(Path.GetTempPath(), $"trace-curate-micro-{Environment.ProcessId}");
        Directory.CreateDirectory(_work);
        var corpus = Path.Combine(_work, "corpus.jsonl");
        using (var gen = Process.Start("python3", [Path.Combine(Root(), "bench", "speed", "gen_corpus.py"), corpus, CorpusMB.ToString()])!)
        {
            gen.WaitForExit();
            if (gen.ExitCode != 0) throw new InvalidOperationException("gen_corpus.py failed");
        }
        _corpus = File.ReadAllBytes(corpus);
        var file = new InputFile(corpus, Reader, ReadOptions.Default);
        _records = JsonLines.Split(new MemoryStream(_corpus), file).ToArray();
        _analyzed = _records.SelectMany(r => Reader.Parse(r, ReadOptions.Default)).Select(TraceAnalyzer.Analyze).ToArray();

        var recipe = Path.Combine(_work, "bench.yaml");
        File.WriteAllText(recipe, File.ReadAllText(Path.Combine(Root(), "bench", "speed", "recipes", "a-filter.yaml")));
        _plan = RecipePlan.Prepare(RecipeLoader.Load(recipe), CompileCache.At(Path.Combine(_work, "cache")));
        _kept = _analyzed.Where(Keep).ToArray();
        _openai = (IRenderingWriter)ExportRegistry.Find("openai")!(new OutputTarget("kept.jsonl", _work), ExportOptions.Default);
        Console.WriteLine($"// corpus: {_corpus.Length / 1e6:F1} MB, {_records.Length} records, {_kept.Length} kept by the recipe");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plan?.Dispose();
        _openai?.Dispose();
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }

    /// <summary>Cutting the corpus into records (line search, trimming, one copy per record).</summary>
    [Benchmark]
    public int SplitLines()
    {
        var file = new InputFile("corpus.jsonl", Reader, ReadOptions.Default);
        var n = 0;
        foreach (var _ in JsonLines.Split(new MemoryStream(_corpus), file)) n++;
        return n;
    }

    /// <summary>Parsing every record into the canonical model (large texts stay undecoded).</summary>
    [Benchmark]
    public int Parse()
    {
        var n = 0;
        foreach (var r in _records)
            foreach (var t in Reader.Parse(r, ReadOptions.Default)) n += t.Actions.Count;
        return n;
    }

    /// <summary>Parsing plus the analysis the runner does for every trace (error classes; recoveries stay lazy).</summary>
    [Benchmark]
    public int ParseAndAnalyze()
    {
        var n = 0;
        foreach (var r in _records)
            foreach (var t in Reader.Parse(r, ReadOptions.Default)) n += TraceAnalyzer.Analyze(t).Actions.Count;
        return n;
    }

    /// <summary>The three compiled predicates of bench (a) on analyzed traces (the snippet calls alone).</summary>
    [Benchmark]
    public int Predicates() => _analyzed.Count(Keep);

    /// <summary>Rendering the kept traces as OpenAI chat records (bench (b)'s writer, without the file).</summary>
    [Benchmark]
    public long RenderOpenAi()
    {
        long bytes = 0;
        foreach (var t in _kept) bytes += _openai!.Render(t).Bytes?.Length ?? 0;
        return bytes;
    }

    private bool Keep(Trace t)
    {
        var counters = new StepCounters();
        foreach (var step in _plan!.Steps)
            if (!step.Apply(t, counters).IsKept) return false;
        return true;
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tool.sln"))) return dir.FullName;
        throw new InvalidOperationException("run from inside the repository");
    }
}
