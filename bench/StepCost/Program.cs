// The cost of each curation step per trace, against a pass-through `where: true` measured in the same run.
// Usage: dotnet run -c Release --project bench/StepCost [-- TRACES [REPEATS]]
// Each recipe runs on one thread (so the figure is CPU time per trace, not a parallel speed-up), writes the `trace`
// format, and is timed REPEATS times (round-robin over the steps, after a warm-up of each); the best time counts.
using System.Diagnostics;
using System.Globalization;
using TraceCurate.Bench;
using TraceCurate.Pipeline;
using TraceCurate.Scripting;

var traces = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3000;
var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var work = Path.Combine(Path.GetTempPath(), $"trace-curate-stepcost-{Environment.ProcessId}");
Directory.CreateDirectory(work);
try
{
    Corpus.Write(work, traces);
    var cache = CompileCache.At(Path.Combine(work, "cache"));
    var runs = Corpus.Steps.Select(s =>
    {
        var recipe = Path.Combine(work, $"{s.Name}.yaml");
        File.WriteAllText(recipe, $"name: {s.Name}\ninputs: [corpus.jsonl]\nsteps:\n  - {s.Step}\noutputs: [{{path: t.jsonl, format: trace}}]\n");
        return (s.Name, Recipe: recipe, Options: new RunOptions { OutDir = Path.Combine(work, "out", s.Name), Threads = 1, Cache = cache });
    }).ToList();
    foreach (var run in runs) RecipeJob.Run(run.Recipe, run.Options); // warm-up: compiles the snippets, tiers up the JIT
    var best = runs.Select(_ => double.MaxValue).ToArray();
    // Round-robin, so a burst of load on the machine does not land on one step's every run.
    for (var r = 0; r < repeats; r++)
    {
        for (var i = 0; i < runs.Count; i++)
        {
            var clock = Stopwatch.StartNew();
            RecipeJob.Run(runs[i].Recipe, runs[i].Options);
            best[i] = Math.Min(best[i], clock.Elapsed.TotalSeconds);
        }
    }
    var results = runs.Select((run, i) => (Step: run.Name, Seconds: best[i])).ToList();
    var baseline = results[0].Seconds;
    var c = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(c, $"{traces:N0} traces, best of {repeats}, 1 thread; baseline '{results[0].Step}' = {baseline * 1e6 / traces:F1} µs/trace"));
    Console.WriteLine($"{"step",-16} {"µs/trace",10} {"over baseline",14}");
    foreach (var (step, seconds) in results)
        Console.WriteLine(string.Create(c, $"{step,-16} {seconds * 1e6 / traces,10:F1} {(seconds - baseline) * 1e6 / traces,14:F1}"));
}
finally
{
    Directory.Delete(work, recursive: true);
}
