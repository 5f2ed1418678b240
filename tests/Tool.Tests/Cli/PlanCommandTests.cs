using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Cli;

public sealed class PlanCommandTests
{
    [Fact]
    public void List_inputs_prints_the_recipe_its_imports_and_every_input_file_as_full_paths()
    {
        var recipe = Path.Combine(RepoPaths.Recipes, "quickstart.yaml");

        var result = Support.Cli.Run("plan", recipe, "--list-inputs");

        Assert.Equal(0, result.ExitCode);
        var expected = new[]
        {
            recipe,
            Path.Combine(RepoPaths.Root, "filters", "common.csx"),
            Path.Combine(RepoPaths.Samples(), "agenttrace", "mbpp.jsonl"),
            Path.Combine(RepoPaths.Samples(), "agenttrace", "nl2bash.jsonl"),
        };
        Assert.Equal(expected, result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
