using System.Text;
using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Recipes;

/// <summary>
/// Issue 28: YAML nested 100,000 deep killed the process with a stack overflow, parse time grew with the square of the
/// nesting and of the number of params, and a missing anchor was reported at (1,1). Recipes now nest at most 64 levels
/// (the root mapping is level 1), are at most 8 MiB, and alias errors point at the alias.
/// </summary>
public sealed class YamlLimitsTests
{
    private const string Outputs = "outputs:\n  - {path: a.jsonl, format: trace}\n";

    [Fact]
    public void Flow_sequences_nested_100000_deep_are_an_error_at_the_65th_level_not_a_crash()
    {
        var d = RecipeChecks.Single("name: x\ndescription: " + new string('[', 100_000) + new string(']', 100_000) + "\n" + Outputs);

        // 'description: ' is 13 characters; bracket k is at column 13 + k, and bracket 64 opens level 65.
        Assert.Equal(("TC0001", 2L, 13 + 64), (d.Code, d.Line, d.Column));
        Assert.Equal("the YAML is nested more than 64 levels deep here; a recipe needs a few levels, so this is not a recipe", d.Message);
    }

    [Fact]
    public void Flow_mappings_nested_100000_deep_are_an_error_too()
    {
        var yaml = new StringBuilder("name: x\ndescription: ");
        for (var i = 0; i < 100_000; i++) yaml.Append("{a: ");
        yaml.Append('b').Append('}', 100_000).Append('\n').Append(Outputs);

        var d = RecipeChecks.Single(yaml.ToString());

        // Each '{a: ' is 4 characters; the 64th '{' opens level 65.
        Assert.Equal(("TC0001", 2L, 14 + 63 * 4), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void Block_sequences_nested_100000_deep_are_an_error_too()
    {
        var yaml = "name: x\ndescription:\n" + string.Concat(Enumerable.Repeat("- ", 100_000)) + "b\n" + Outputs;

        var d = RecipeChecks.Single(yaml);

        // The k-th '- ' starts at column 2k - 1; the 64th opens level 65.
        Assert.Equal(("TC0001", 3L, 2 * 64 - 1), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void Sixty_four_levels_are_read()
    {
        var d = RecipeChecks.Single("name: x\ndescription: " + new string('[', 63) + new string(']', 63) + "\n" + Outputs);

        Assert.Equal(("TC0002", "description must be a single value, not a list"), (d.Code, d.Message));
    }

    [Fact]
    public void An_alias_to_a_missing_anchor_is_reported_at_the_alias()
    {
        var d = RecipeChecks.Single("name: x\noutputs:\n  - path: a.jsonl\n    format: *nope\n");

        Assert.Equal(("TC0001", 4L, 13), (d.Code, d.Line, d.Column));
        Assert.Equal("alias '*nope' refers to no anchor; define '&nope' on a value before it", d.Message);
    }

    [Fact]
    public void An_alias_inside_the_collection_it_names_is_an_error_not_an_endless_structure()
    {
        var d = RecipeChecks.Single("name: x\nsteps: &s [*s]\n" + Outputs);

        Assert.Equal(("TC0001", 2L, 12), (d.Code, d.Line, d.Column));
        Assert.StartsWith("alias '*s' stands inside the collection its anchor names", d.Message);
    }

    [Fact]
    public void Anchors_and_aliases_used_as_YAML_means_them_still_work()
    {
        using var temp = new TempFolder();
        var path = temp.Write("r.yaml", """
            name: x
            outputs:
              - path: a.jsonl
                format: &f openai
                include_thinking: &yes true
              - path: b.jsonl
                format: *f
                include_thinking: *yes
            """);

        var recipe = RecipeLoader.Load(path);

        Assert.Equal([("openai", "true"), ("openai", "true")], recipe.Outputs.Select(o => (o.Format, o.Settings["include_thinking"])));
    }

    [Fact]
    public void A_recipe_file_over_8_MiB_is_refused_without_a_position()
    {
        using var temp = new TempFolder();
        var path = temp.Write("r.yaml", "name: x\n" + Outputs + "# " + new string('x', 8 << 20) + "\n");

        var d = Assert.Single(Assert.Throws<TraceCurateException>(() => RecipeLoader.Load(path)).Diagnostics);

        Assert.Equal(("TC0001", path, 0L), (d.Code, d.Path, d.Line));
        Assert.Equal("the recipe file is larger than 8 MiB, the most a recipe may hold; is this the right file?", d.Message);
    }

    [Fact]
    public void A_hundred_thousand_params_load_in_order_and_a_duplicate_among_them_is_found_at_its_line()
    {
        // Correctness at a size where the old search of the list for duplicates took minutes; the time is measured by
        // bench/recipe-scaling.sh, not here.
        const int count = 100_000;
        var yaml = new StringBuilder("name: x\nparams:\n");
        for (var i = 0; i < count; i++) yaml.Append("  p").Append(i).Append(": ").Append(i).Append('\n');
        using var temp = new TempFolder();
        var good = RecipeLoader.Load(temp.Write("good.yaml", yaml + Outputs));

        Assert.Equal(count, good.Params.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => ($"p{i}", (object)i)), good.Params.Select(p => (p.Name, p.Value)));

        var d = RecipeChecks.Single(yaml + "  p5: 5\n" + Outputs);
        Assert.Equal(("TC0001", 2L + count + 1, 3), (d.Code, d.Line, d.Column));
        Assert.Equal("key 'p5' is given twice in one mapping; remove one of them", d.Message);
    }
}
