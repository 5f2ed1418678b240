using System.Diagnostics;
using TraceCurate.Pipeline;
using TraceCurate.Scripting;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

/// <summary>
/// The backbone's acceptance check: a 2,000-trace AgentTrace file written by an independent Python generator, filtered
/// by a recipe with three where steps, keeps exactly the rows a plain Python filter keeps, byte for byte, in input
/// order, whatever the thread count.
/// </summary>
public sealed class PythonReferenceFilterTests
{
    private const string Recipe = """
        name: three-predicates
        inputs: [data.jsonl]
        steps:
          - where: t.Actions.Count >= 3
          - name: failed
            where: t.Actions.Any(a => a.Failed)
          - where: t.Meta("dataset") == "mbpp"
        outputs:
          - path: kept.jsonl
            format: original
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void Recipe_keeps_exactly_the_rows_the_python_filter_keeps(int threads)
    {
        using var temp = new TempFolder();
        var data = temp.File("data.jsonl");
        var expected = temp.File("expected.jsonl");
        Python("agenttrace_gen.py", data, "2000", "7");
        Python("agenttrace_filter.py", data, expected);
        var recipe = temp.Write("recipe.yaml", Recipe);

        var result = RecipeJob.Run(recipe, new RunOptions { OutDir = temp.File("out"), Threads = threads, Cache = CompileCache.Disabled });

        var expectedBytes = File.ReadAllBytes(expected);
        Assert.True(expectedBytes.Length > 0, "the reference filter kept nothing; the generator changed?");
        Assert.Equal(2000, result.TracesRead);
        Assert.Equal(expectedBytes, File.ReadAllBytes(temp.File("out/kept.jsonl")));
        Assert.Equal(File.ReadLines(expected).LongCount(), result.TracesKept);
    }

    private static void Python(string script, params string[] args)
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "Tool.Tests", "Fixtures", "python", script);
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true };
        start.ArgumentList.Add(path);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python3 {script} failed: {err}");
    }
}
