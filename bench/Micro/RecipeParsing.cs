using System.Text;
using BenchmarkDotNet.Attributes;
using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;

namespace TraceCurate.Bench.Micro;

/// <summary>
/// Loading a recipe as its size grows, to show the time is linear (issue 28: it grew with the square of the number of
/// params, and of the nesting). Time per item should stay flat from one size to the next: compare the Mean column
/// divided by Size. Nesting past 64 levels is refused at the 65th level, so a deeper document costs no more.
/// </summary>
[MemoryDiagnoser]
public class RecipeParsing
{
    [Params(10_000, 40_000, 160_000)]
    public int Size;

    private string _params = "";
    private string _nested = "";

    [GlobalSetup]
    public void Setup()
    {
        var yaml = new StringBuilder("name: bench\nparams:\n");
        for (var i = 0; i < Size; i++) yaml.Append("  p").Append(i).Append(": ").Append(i).Append('\n');
        _params = yaml.Append("outputs:\n  - {path: a.jsonl, format: trace}\n").ToString();
        _nested = "name: bench\ndescription: " + new string('[', Size) + new string(']', Size) + "\noutputs:\n  - {path: a.jsonl, format: trace}\n";
    }

    [Benchmark]
    public int Params() => RecipeLoader.Parse(_params, "/bench/params.yaml").Params.Count;

    [Benchmark]
    public int DeepNesting()
    {
        try
        {
            RecipeLoader.Parse(_nested, "/bench/nested.yaml");
            return 0;
        }
        catch (TraceCurateException e)
        {
            return e.Diagnostics.Count; // refused at level 65, as expected
        }
    }
}
