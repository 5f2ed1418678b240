using System.Text.RegularExpressions;
using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Recipes;

/// <summary>Runs a recipe text through the loader or the <c>check</c> command, as a user's file would be.</summary>
internal static partial class RecipeChecks
{
    /// <summary>
    /// The diagnostics of loading <paramref name="yaml"/> as a recipe file and building its steps, as <c>check</c> does
    /// before it compiles; fails the test when the recipe is valid.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Errors(string yaml)
    {
        using var temp = new TempFolder();
        var path = temp.Write("r.yaml", yaml);
        return Assert.Throws<TraceCurateException>(() =>
        {
            using var plan = RecipePlan.Prepare(RecipeLoader.Load(path), RecipeRun.Cache);
        }).Diagnostics;
    }

    /// <summary>The one diagnostic of loading <paramref name="yaml"/>, as (code, line, column, message).</summary>
    public static (string Code, long Line, int Column, string Message) Single(string yaml)
    {
        var d = Assert.Single(Errors(yaml));
        return (d.Code, d.Line, d.Column, d.Message);
    }

    /// <summary><c>trace-curate check</c> on the recipe text: exit code and the diagnostics printed on stderr.</summary>
    public static (int ExitCode, List<(string Code, long Line, int Column, string Message)> Errors) Check(string yaml)
    {
        using var temp = new TempFolder();
        var path = temp.Write("r.yaml", yaml);
        var result = Support.Cli.Run("check", "--no-cache", path);
        var errors = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => Line().Match(line))
            .Where(m => m.Success)
            .Select(m => (m.Groups["code"].Value, long.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value), m.Groups["message"].Value))
            .ToList();
        return (result.ExitCode, errors);
    }

    [GeneratedRegex(@"r\.yaml\((?<line>\d+),(?<col>\d+)\): error (?<code>TC\d{4}): (?<message>.*)$")]
    private static partial Regex Line();
}
