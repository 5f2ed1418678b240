// Micro-benchmarks of the hot parts of a run, with BenchmarkDotNet: cutting lines, parsing AgentTrace rows, the
// analysis layer, a compiled three-predicate recipe, and rendering OpenAI chat records. Each works on the same
// generated corpus (bench/speed/gen_corpus.py, 20 MB by default) held in memory, so disk and process start are out.
// Usage: dotnet run -c Release --project bench/Micro [-- --filter '*Parse*'] (any BenchmarkDotNet arguments)
// Whole-process speed against Python, jq and DuckDB is bench/speed/run.sh; these say where the time of a run goes.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(TraceCurate.Bench.Micro.HotPaths).Assembly).Run(args);
