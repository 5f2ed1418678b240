using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Recipes;

/// <summary>
/// Issue 28: output paths are compared after normalisation (<c>./x.jsonl</c> is <c>x.jsonl</c>), against each other,
/// the report, the rejects file, the manifest and the tool's own names, and each refusal points at the path's value.
/// Columns are counted by hand: in <c>  - {path: V, …}</c> the value starts at column 12.
/// </summary>
public sealed class OutputPathTests
{
    private const string Head = "name: x\noutputs:\n";

    [Theory]
    [InlineData("  - {path: ./x.jsonl, format: trace}\n  - {path: x.jsonl, format: openai}\n", 4, 12,
        "output 'x.jsonl' is the same file as the output './x.jsonl' (line 3); each output needs a path of its own")]
    [InlineData("  - {path: x.jsonl, format: trace}\n  - {path: 'sub//../x.jsonl', format: trace}\n", 4, 12,
        "output 'sub//../x.jsonl' leaves the output folder ('..'); paths are relative to the output folder and stay inside it")]
    [InlineData("  - {path: data/x.jsonl, format: trace}\n  - {path: './data\\x.jsonl', format: trace}\n", 4, 12,
        "output './data\\x.jsonl' (that is, 'data/x.jsonl') is the same file as the output 'data/x.jsonl' (line 3); each output needs a path of its own")]
    [InlineData("  - {path: Kept.jsonl, format: trace}\n  - {path: kept.jsonl, format: trace}\n", 4, 12,
        "output 'kept.jsonl' differs from the output 'Kept.jsonl' (line 3) only in case, which is the same file on Windows and macOS; choose distinct names")]
    [InlineData("  - {path: a, format: trace}\n  - {path: a/b.jsonl, format: trace}\n", 4, 12,
        "output 'a/b.jsonl' and the output 'a' (line 3) overlap: one would be written inside the other; choose paths side by side")]
    [InlineData("  - {path: a/b.jsonl, format: trace}\n  - {path: a/, format: original}\n", 4, 12,
        "output 'a/' and the output 'a/b.jsonl' (line 3) overlap: one would be written inside the other; choose paths side by side")]
    [InlineData("  - {path: manifest.json, format: trace}\n", 3, 12,
        "output 'manifest.json' would be overwritten by the manifest the run writes as 'manifest.json'; choose another name")]
    [InlineData("  - {path: ./Manifest.json, format: trace}\n", 3, 12,
        "output './Manifest.json' would be overwritten by the manifest the run writes as 'manifest.json'; choose another name")]
    [InlineData("  - {path: part-manifest.json, format: trace}\n", 3, 12,
        "output 'part-manifest.json' would be overwritten by the part manifest the run writes as 'part-manifest.json'; choose another name")]
    [InlineData("  - {path: .trace-curate-staging-1/x.jsonl, format: trace}\n", 3, 12,
        "output '.trace-curate-staging-1/x.jsonl': names starting with '.trace-curate-' are the tool's own (its staging folder); choose another name")]
    [InlineData("  - {path: ., format: trace}\n", 3, 12,
        "output '.' names the output folder itself; give a file name inside it, e.g. 'kept.jsonl'")]
    [InlineData("  - {path: ./, format: original}\n", 3, 12,
        "output './' names the output folder itself; give a file name inside it, e.g. 'kept.jsonl'")]
    [InlineData("  - {path: '', format: trace}\n", 3, 12,
        "output '' is empty; give a file name relative to the output folder")]
    [InlineData("  - {path: /tmp/x.jsonl, format: trace}\n", 3, 12,
        "output '/tmp/x.jsonl' is absolute; paths are relative to the output folder (run --out), so the dataset stays in one place")]
    [InlineData("  - {path: 'C:/x.jsonl', format: trace}\n", 3, 12,
        "output 'C:/x.jsonl' is absolute; paths are relative to the output folder (run --out), so the dataset stays in one place")]
    [InlineData("  - {path: a/../../x.jsonl, format: trace}\n", 3, 12,
        "output 'a/../../x.jsonl' leaves the output folder ('..'); paths are relative to the output folder and stay inside it")]
    [InlineData("  - {path: 'a|b.jsonl', format: trace}\n", 3, 12,
        "output 'a|b.jsonl' holds a character that no file name may hold (a control character, or one of \" < > | * ? :)")]
    public void A_path_that_cannot_be_an_output_is_refused_at_its_value(string outputs, long line, int column, string message)
    {
        var d = RecipeChecks.Single(Head + outputs);

        Assert.Equal(("TC0002", line, column, message), d);
    }

    [Fact]
    public void The_rejects_file_cannot_be_the_manifest()
    {
        var d = RecipeChecks.Single(Head + "  - {path: t.jsonl, format: trace}\nrejects: manifest.json\n");

        Assert.Equal(("TC0002", 4L, 10), (d.Code, d.Line, d.Column));
        Assert.Equal("rejects file 'manifest.json' would be overwritten by the manifest the run writes as 'manifest.json'; choose another name", d.Message);
    }

    [Fact]
    public void The_rejects_file_cannot_be_an_output_written_another_way()
    {
        var d = RecipeChecks.Single(Head + "  - {path: t.jsonl, format: trace}\nrejects: ./t.jsonl\n");

        Assert.Equal((4L, 10), (d.Line, d.Column));
        Assert.Equal("rejects file './t.jsonl' (that is, 't.jsonl') is the same file as the output 't.jsonl' (line 3); each output needs a path of its own", d.Message);
    }

    [Fact]
    public void The_report_cannot_be_an_output()
    {
        var d = RecipeChecks.Single(Head + "  - {path: r.html, format: trace}\nreport: ./r.html\n");

        Assert.Equal((4L, 9), (d.Line, d.Column));
        Assert.StartsWith("report './r.html' (that is, 'r.html') is the same file as the output 'r.html' (line 3)", d.Message);
    }

    [Fact]
    public void Every_bad_path_of_a_recipe_is_reported_in_one_pass()
    {
        var errors = RecipeChecks.Errors(Head + """
              - {path: ./x.jsonl, format: trace}
              - {path: x.jsonl, format: trace}
              - {path: manifest.json, format: trace}
              - {path: ., format: trace}
            rejects: /abs.jsonl
            """);

        Assert.Equal([(4L, 12), (5L, 12), (6L, 12), (7L, 10)], errors.Select(e => (e.Line, e.Column)));
    }

    [Fact]
    public void Normalised_paths_are_what_the_writers_get()
    {
        using var temp = new TempFolder();
        var path = temp.Write("r.yaml", Head + "  - {path: './a//b/./c.jsonl', format: trace}\n  - {path: 'sessions\\', format: original}\nrejects: ./rejects.jsonl\n");

        var recipe = RecipeLoader.Load(path);

        Assert.Equal(["a/b/c.jsonl", "sessions/"], recipe.Outputs.Select(o => o.Path));
        Assert.Equal("rejects.jsonl", recipe.Rejects);
    }
}
