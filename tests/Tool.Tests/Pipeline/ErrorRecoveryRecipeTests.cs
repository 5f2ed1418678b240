using TraceCurate.Pipeline;
using TraceCurate.Scripting;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

public sealed class ErrorRecoveryRecipeTests
{
    [Fact]
    public void The_shipped_recipe_keeps_the_recovered_sample_runs_in_both_formats()
    {
        using var temp = new TempFolder();
        var result = RecipeJob.Run(Path.Combine(RepoPaths.Recipes, "error-recovery-codeact.yaml"),
            new RunOptions { OutDir = temp.Path, Cache = CompileCache.Disabled });

        // Of the 7 sample runs, 02 and 05 recover (see the raw spans in ExportCommandTests); 07 recovers nothing.
        Assert.Equal(7, result.TracesRead);
        Assert.Equal(2, result.TracesKept);
        ExportValidators.ValidateFile("codeact", temp.File("recoveries.codeact.jsonl"));
        ExportValidators.ValidateFile("openai", temp.File("recoveries.openai.jsonl"));
        var spans = File.ReadLines(temp.File("recoveries.codeact.jsonl")).Select(l => Some.Json(l).GetProperty("error_recovery_spans").GetRawText());
        Assert.Equal(["[[0,3]]", "[[0,3]]"], spans); // action 0 failed, action 1 (trajectory 2-3) recovered it
    }
}
