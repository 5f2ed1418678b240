using TraceCurate.Pipeline;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

/// <summary>
/// Records of the JSONL writers are rendered on the judging threads when no stateful step follows. The bytes must be
/// those of the writing thread's own rendering (a recipe with a stateful step, which renders at write time) for every
/// thread count.
/// </summary>
public sealed class ParallelRenderingTests
{
    private static readonly string[] Formats = ["trace", "openai", "anthropic", "sharegpt", "trl", "codeact", "tao"];

    private static string Recipe(TempFolder temp, string name, string steps)
    {
        var samples = RepoPaths.Samples().Replace('\\', '/');
        var outputs = string.Concat(Formats.Select(f => $"  - {{path: {f}.jsonl, format: {f}}}\n"));
        return temp.Write(name + ".yaml",
            $"name: {name}\ninputs: [{samples}/agenttrace, {samples}/pi, {samples}/claude-code, {samples}/codex, {samples}/swe-agent]\nsteps:\n{steps}\noutputs:\n{outputs}");
    }

    [Fact]
    public void Records_rendered_while_judging_equal_records_rendered_while_writing_for_any_thread_count()
    {
        using var temp = new TempFolder();
        var parallel = Recipe(temp, "parallel", "  - where: t.Actions.Count >= 0\n");
        // cap is stateful and keeps everything here: the records are rendered by the writing thread.
        var serial = Recipe(temp, "serial", "  - where: t.Actions.Count >= 0\n  - cap: {per: t.Id, max: 1000000}\n");

        RecipeJob.Run(serial, new RunOptions { OutDir = temp.File("serial"), Threads = 1 });
        foreach (var threads in new[] { 1, 2, 8 })
        {
            var outDir = temp.File($"parallel-{threads}");
            RecipeJob.Run(parallel, new RunOptions { OutDir = outDir, Threads = threads });
            foreach (var format in Formats)
            {
                var expected = File.ReadAllBytes(Path.Combine(temp.File("serial"), format + ".jsonl"));
                Assert.True(expected.Length > 0, $"{format}: the serial run wrote nothing");
                Assert.Equal(expected, File.ReadAllBytes(Path.Combine(outDir, format + ".jsonl")));
            }
        }
    }
}
