using System.Text.Json;
using TraceCurate.Cli;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Recipes;

public sealed class ParamsTests
{
    private const string Recipe = """
        name: params-test
        inputs: [in.jsonl]
        params:
          min_actions: 3
          dataset: mbpp
          ratio: 0.5
          strict: false
        steps:
          - name: enough
            where: t.Actions.Count >= P.min_actions && (P.strict || t.Meta("dataset") == P.dataset) && P.ratio < 1
        outputs: [{path: t.jsonl, format: trace}]
        """;

    [Fact]
    public void Snippets_read_parameters_and_set_overrides_them()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        // Action counts of the samples, by hand: mbpp 3, 3, 3, 1; nl2bash 3, 2, 4.
        var byDefault = RecipeRun.Run(folder, Recipe, outDir: "default");
        Assert.Equal(3, byDefault.TracesKept);
        var overridden = RecipeRun.Run(folder, Recipe, sets: new Dictionary<string, string> { ["min_actions"] = "1", ["dataset"] = "nl2bash" }, outDir: "set");
        Assert.Equal(3, overridden.TracesKept);
        Assert.All(RecipeRun.Ids(folder["set/t.jsonl"]), id => Assert.StartsWith("3f2a9c4e", id));
    }

    [Fact]
    public void The_manifest_records_the_values_used()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        RecipeRun.Run(folder, Recipe, sets: new Dictionary<string, string> { ["ratio"] = "0.25", ["strict"] = "true" });
        var p = JsonDocument.Parse(folder.Read("out/manifest.json")).RootElement.GetProperty("params");
        Assert.Equal(3, p.GetProperty("min_actions").GetInt32());
        Assert.Equal("mbpp", p.GetProperty("dataset").GetString());
        Assert.Equal(0.25, p.GetProperty("ratio").GetDouble());
        Assert.True(p.GetProperty("strict").GetBoolean());
    }

    [Theory]
    [InlineData("nope=1", "unknown parameter")]
    [InlineData("min_actions=three", "is a int")]
    [InlineData("strict=yes", "is a bool")]
    [InlineData("min_actions", "name=value")]
    public void A_bad_set_is_a_usage_error(string set, string message)
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        var recipe = folder.Write("recipe.yaml", Recipe);
        var stderr = new StringWriter();
        var code = CliApp.Run(["run", recipe, "--out", folder["out"], "--set", set], new StringWriter(), stderr);
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains(message, stderr.ToString());
        Assert.False(File.Exists(folder["out/manifest.json"]));
    }

    [Fact]
    public void Set_on_the_command_line_reaches_the_snippets()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        var recipe = folder.Write("recipe.yaml", Recipe);
        var code = CliApp.Run(["run", recipe, "--out", folder["out"], "--set", "min_actions=4", "--set", "strict=true"], new StringWriter(), new StringWriter());
        Assert.Equal(CliApp.Ok, code);
        Assert.Single(RecipeRun.Ids(folder["out/t.jsonl"])); // only the last nl2bash sample has 4 actions
    }

    [Fact]
    public void Check_applies_set_too()
    {
        using var folder = new TempFolder();
        var recipe = folder.Write("recipe.yaml", Recipe);
        var stderr = new StringWriter();
        Assert.Equal(CliApp.Ok, CliApp.Run(["check", recipe, "--set", "ratio=0.75"], new StringWriter(), stderr));
        Assert.Equal(CliApp.UsageError, CliApp.Run(["check", recipe, "--set", "ratio=high"], new StringWriter(), stderr));
        Assert.Contains("is a double", stderr.ToString());
    }

    [Theory]
    [InlineData("class: 1", "C# keyword")]
    [InlineData("min-actions: 1", "C# identifier")]
    [InlineData("list: [1, 2]", "single value")]
    public void A_bad_parameter_declaration_is_reported_at_its_line(string declaration, string message)
    {
        using var folder = new TempFolder();
        var recipe = folder.Write("recipe.yaml", $"name: bad\nparams:\n  {declaration}\noutputs: [{{path: t.jsonl, format: trace}}]\n");
        var stderr = new StringWriter();
        Assert.Equal(CliApp.DataError, CliApp.Run(["check", recipe], new StringWriter(), stderr));
        Assert.Contains("recipe.yaml(3,", stderr.ToString());
        Assert.Contains(message, stderr.ToString());
    }

    [Fact]
    public void Check_reports_an_undefined_parameter_at_its_yaml_position()
    {
        using var folder = new TempFolder();
        var recipe = folder.Write("recipe.yaml", """
            name: undefined-param
            params: {min_actions: 3}
            steps:
              - where: t.Actions.Count >= P.min_action
            outputs: [{path: t.jsonl, format: trace}]
            """);
        var stdout = new StringWriter();
        var code = CliApp.Run(["check", recipe, "--no-cache"], stdout, stdout);
        Assert.Equal(CliApp.DataError, code);
        // "  - where: t.Actions.Count >= P.min_action": P.min_action starts at column 31, its member name at 33.
        Assert.Matches(@"recipe\.yaml\(4,3[13]\): error CS0117: 'P' \(the recipe's params:\) does not contain a definition for 'min_action'", stdout.ToString());
    }

    private const string CapRecipe = """
        name: cap-param
        inputs: [in.jsonl]
        params: {per: 2, seed: 9}
        steps:
          - cap: {per: t.Meta("dataset"), max: P.per}
          - split: {seed: P.seed, parts: {a: 0.5, b: 0.5}}
        outputs: [{path: t.jsonl, format: trace}]
        """;

    [Fact]
    public void Step_options_read_parameters_and_set_changes_them()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        Assert.Equal(4, RecipeRun.Run(folder, CapRecipe, outDir: "two").TracesKept); // two mbpp, two nl2bash
        Assert.Equal(2, RecipeRun.Run(folder, CapRecipe, sets: new Dictionary<string, string> { ["per"] = "1" }, outDir: "one").TracesKept);
    }

    [Fact]
    public void A_step_option_naming_an_undeclared_parameter_is_reported_at_the_option()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        var e = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() => RecipeRun.Run(folder, CapRecipe.Replace("max: P.per", "max: P.pre")));
        Assert.Equal((5L, 40), (Assert.Single(e.Diagnostics).Line, e.Diagnostics[0].Column));
        Assert.Contains("'pre'", e.Diagnostics[0].Message);
    }

    [Fact]
    public void A_quoted_value_is_a_string()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        var ok = RecipeRun.Run(folder, """
            name: quoted
            inputs: [in.jsonl]
            params: {count: "3"}
            steps:
              - where: P.count.Length == 1
            outputs: [{path: t.jsonl, format: trace}]
            """);
        Assert.Equal(7, ok.TracesKept);
    }
}
