using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Recipes;

public sealed class RecipeLoaderTests
{
    private static TraceCurateException Fails(string yaml)
    {
        using var temp = new TempFolder();
        var path = temp.Write("r.yaml", yaml);
        return Assert.Throws<TraceCurateException>(() => RecipeLoader.Load(path));
    }

    [Fact]
    public void Unknown_top_level_key_is_reported_at_its_line_and_column()
    {
        var e = Fails("name: x\nfilterz: []\noutputs:\n  - {path: a.jsonl, format: trace}\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(("TC0002", 2L, 1), (d.Code, d.Line, d.Column));
        Assert.Contains("unknown key 'filterz'", d.Message);
    }

    [Fact]
    public void An_unclosed_flow_sequence_is_a_syntax_error_not_a_crash()
    {
        var e = Fails("name: [oops\noutputs:\n  - {path: a.jsonl, format: trace}\n");
        Assert.Equal("TC0001", e.Diagnostics[0].Code);
    }

    [Fact]
    public void A_bad_output_option_value_is_a_diagnostic_at_the_output_not_a_crash()
    {
        using var temp = new TempFolder();
        temp.Write("in.jsonl", File.ReadAllText(RepoPaths.Samples("agenttrace/mbpp.jsonl")));
        var recipe = temp.Write("r.yaml", "name: x\ninputs: [in.jsonl]\noutputs:\n  - path: t.jsonl\n    format: openai\n    include_thinking: maybe\n");

        var e = Assert.Throws<TraceCurateException>(() =>
            TraceCurate.Pipeline.RecipeJob.Run(recipe, new TraceCurate.Pipeline.RunOptions { OutDir = temp.File("out") }));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(("TC0002", 4L), (d.Code, d.Line));
        Assert.Contains("include_thinking must be true or false, not 'maybe'", d.Message);
        Assert.False(File.Exists(temp.File("out/t.jsonl")));
    }

    [Fact]
    public void Yes_is_true_for_an_output_option_as_for_every_recipe_boolean()
    {
        using var temp = new TempFolder();
        temp.Write("in.jsonl", File.ReadAllText(RepoPaths.Samples("agenttrace/mbpp.jsonl")));
        var recipe = temp.Write("r.yaml", "name: x\ninputs: [in.jsonl]\noutputs:\n  - path: t.jsonl\n    format: openai\n    include_thinking: yes\n");

        TraceCurate.Pipeline.RecipeJob.Run(recipe, new TraceCurate.Pipeline.RunOptions { OutDir = temp.File("out") });

        Assert.Contains("reasoning_content", File.ReadAllText(temp.File("out/t.jsonl")));
    }

    [Fact]
    public void Missing_name_is_an_error()
    {
        var e = Fails("outputs:\n  - {path: a.jsonl, format: trace}\n");
        Assert.Contains("missing required key 'name'", e.Diagnostics[0].Message);
    }

    [Fact]
    public void Wrong_type_is_reported_at_the_value()
    {
        var e = Fails("name: x\nsteps: where\noutputs:\n  - {path: a.jsonl, format: trace}\n");
        Assert.Equal((2L, 8), (e.Diagnostics[0].Line, e.Diagnostics[0].Column));
        Assert.Contains("steps must be a list", e.Diagnostics[0].Message);
    }

    [Fact]
    public void Unknown_output_format_names_the_known_ones()
    {
        var e = Fails("name: x\noutputs:\n  - path: a.jsonl\n    format: csv\n");
        Assert.Equal(4L, e.Diagnostics[0].Line);
        Assert.Contains("unknown output format 'csv'", e.Diagnostics[0].Message);
        Assert.Contains("trace", e.Diagnostics[0].Message);
    }

    [Fact]
    public void Output_paths_must_stay_inside_the_output_folder()
    {
        var e = Fails("name: x\noutputs:\n  - {path: ../escape.jsonl, format: trace}\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal((3L, 12), (d.Line, d.Column));
        Assert.Equal("output '../escape.jsonl' leaves the output folder ('..'); paths are relative to the output folder and stay inside it", d.Message);
    }

    [Fact]
    public void A_step_without_a_verb_is_an_error_at_the_step()
    {
        var e = Fails("name: x\nsteps:\n  - name: lonely\noutputs:\n  - {path: a, format: trace}\n");
        Assert.Equal(3L, e.Diagnostics[0].Line);
        Assert.Contains("a step needs a verb", e.Diagnostics[0].Message);
    }

    [Fact]
    public void An_unknown_step_verb_names_the_known_ones()
    {
        var e = Fails("name: x\nsteps:\n  - whence: true\noutputs:\n  - {path: a, format: trace}\n");
        Assert.Equal((3L, 5), (e.Diagnostics[0].Line, e.Diagnostics[0].Column));
        Assert.Contains("unknown step 'whence'", e.Diagnostics[0].Message);
        Assert.Contains("where", e.Diagnostics[0].Message);
    }

    [Fact]
    public void Snippet_with_colon_space_gets_the_block_form_hint()
    {
        var e = Fails("name: x\nsteps:\n  - where: t.Meta(\"a\") == \"b: c\"\noutputs:\n  - {path: a, format: trace}\n");
        var d = e.Diagnostics[0];
        Assert.Equal("TC0001", d.Code);
        Assert.Equal(3L, d.Line);
        Assert.Contains("Write it in block form", d.Message);
    }

    [Fact]
    public void Inputs_and_imports_are_resolved_against_the_recipe_folder()
    {
        using var temp = new TempFolder();
        temp.Write("sub/helpers.csx", "static bool Yes() => true;");
        var path = temp.Write("sub/r.yaml", "name: x\ninputs: [data/*.jsonl]\nimports: [helpers.csx]\noutputs:\n  - {path: a, format: trace}\n");

        var recipe = RecipeLoader.Load(path);

        Assert.Equal(temp.File("sub/helpers.csx"), recipe.Imports.Single());
        Assert.Equal(temp.File("sub"), recipe.Inputs.Single().BaseDirectory);
        Assert.Equal("data/*.jsonl", recipe.Inputs.Single().Pattern);
    }

    [Fact]
    public void Default_step_names_are_verb_and_position()
    {
        using var temp = new TempFolder();
        var path = temp.Write("r.yaml", "name: x\nsteps:\n  - where: true\n  - name: second\n    where: false\noutputs:\n  - {path: a, format: trace}\n");

        var recipe = RecipeLoader.Load(path);

        Assert.Equal(["where-1", "second"], recipe.Steps.Select(s => s.Name));
    }
}
