using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TraceCurate.Reading;
using TraceCurate.Recipes;
using TraceCurate.Traces;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Pipeline;

/// <summary>
/// The <c>export</c> command: a recipe without a file, run through the same pipeline as <c>run</c>. The recipe is built
/// in memory (the inputs, built-in <c>export-since</c> / <c>export-filter</c> steps, one output); its text, which the
/// manifest hashes, is the equivalent YAML with <c>--since</c> already resolved, so a rebuild from the manifest selects
/// the same traces. With <c>-o FILE</c> the manifest is written next to it as <c>FILE.manifest.json</c>.
/// </summary>
public static partial class ExportJob
{
    public const string ManifestSuffix = ".manifest.json";

    /// <summary>The name the runner gives a run's manifest.</summary>
    private const string ManifestName = "manifest.json";

    public static RunResult Run(ExportRequest request, Stream stdout)
    {
        var cwd = Directory.GetCurrentDirectory();
        var outFile = request.OutputFile is null ? null : Path.GetFullPath(request.OutputFile);
        var fileName = outFile is null ? "export.jsonl" : Path.GetFileName(outFile);
        // The run writes into a private folder (beside the output, so the final moves stay on one file system) and
        // the two files are moved into place afterwards: a manifest.json already in the output's folder is not touched.
        var scratch = Path.Combine(outFile is null ? Path.GetTempPath() : Path.GetDirectoryName(outFile)!,
            $".trace-curate-export-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var recipe = BuildRecipe(request, cwd, fileName) with { CommandLineSecrets = request.Run.Secrets };
        try
        {
            using var plan = RecipePlan.Prepare(recipe, request.Run.Cache);
            var skipped = new List<string>();
            var inputs = RecipeJob.ResolveInputs(recipe, request.Run, skipped); // with the command line's read limits
            var result = new RecipeRunner(plan, request.Run with { SkippedUnknown = skipped }).Run(inputs, scratch);
            if (outFile is null)
            {
                using (var file = File.OpenRead(Path.Combine(scratch, fileName))) file.CopyTo(stdout);
                stdout.Flush();
            }
            else
            {
                File.Move(Path.Combine(scratch, fileName), outFile, overwrite: true);
                File.Move(Path.Combine(scratch, ManifestName), outFile + ManifestSuffix, overwrite: true);
            }
            return result;
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// <c>--since</c>: <c>N</c> followed by <c>m</c>, <c>h</c>, <c>d</c> or <c>w</c> (before <paramref name="now"/>, to the
    /// second), or a date / date-time (UTC unless it names an offset). Null when the text is neither.
    /// </summary>
    public static DateTimeOffset? ResolveSince(string text, DateTimeOffset now)
    {
        var relative = Relative().Match(text);
        if (relative.Success)
        {
            var n = long.Parse(relative.Groups[1].Value, CultureInfo.InvariantCulture);
            var unit = relative.Groups[2].Value[0] switch { 'm' => TimeSpan.FromMinutes(1), 'h' => TimeSpan.FromHours(1), 'd' => TimeSpan.FromDays(1), _ => TimeSpan.FromDays(7) };
            if (n * (unit.Ticks / TimeSpan.TicksPerMinute) > 700_000L * 24 * 60) return null; // ~1,900 years: not a real window
            var at = now.ToUniversalTime() - TimeSpan.FromTicks(unit.Ticks * n);
            if (at.Year < 2) return null;
            return new DateTimeOffset(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date.ToUniversalTime()
            : null;
    }

    private static Recipe BuildRecipe(ExportRequest request, string cwd, string fileName)
    {
        var path = Path.Combine(cwd, "export");
        var steps = new List<StepDefinition>();
        var yaml = new StringBuilder("# export command\nname: export\ninputs:\n");
        foreach (var input in request.Inputs) yaml.Append("  - ").Append(Quote(input)).Append('\n');
        yaml.Append("steps:\n");
        if (request.Since is { } since)
        {
            var instant = TraceJsonWriter.FormatTime(since);
            steps.Add(Step(TraceCurate.Steps.BuiltInSteps.SinceVerb, instant, steps.Count, path, $"since {instant}"));
            yaml.Append("  - ").Append(TraceCurate.Steps.BuiltInSteps.SinceVerb).Append(": ").Append(instant).Append('\n');
        }
        if (request.Filter is { } filter)
        {
            steps.Add(Step(TraceCurate.Steps.BuiltInSteps.FilterVerb, filter, steps.Count, path, $"filter {filter}"));
            yaml.Append("  - ").Append(TraceCurate.Steps.BuiltInSteps.FilterVerb).Append(": ").Append(filter).Append('\n');
        }
        if (request.Run.Secrets.Values.Count > 0)
        {
            // --secret / --secrets-from: their values, exactly; the recipe text (hashed in the manifest) never holds them.
            steps.Add(new StepDefinition("redact", new YamlMappingNode(new YamlScalarNode("detectors"), new YamlSequenceNode()), steps.Count,
                new RecipePosition(path, 0, 0)) { Name = "secrets" });
            yaml.Append("  - redact: {detectors: []}   # the --secret and --secrets-from values\n");
        }
        yaml.Append("outputs:\n  - path: ").Append(Quote(fileName)).Append("\n    format: ").Append(request.Format).Append('\n');
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.IncludeMetadata)
        {
            settings["include_metadata"] = "true";
            yaml.Append("    include_metadata: true\n");
        }
        if (request.Subagents is { } subagents)
        {
            settings["subagents"] = subagents;
            yaml.Append("    subagents: ").Append(subagents).Append('\n');
        }
        var here = new RecipePosition("<command line>", 0, 0);
        return new Recipe
        {
            Path = path,
            Text = yaml.ToString(),
            Name = "export",
            Inputs = request.Inputs.Select(i => new InputSpec(i, cwd, here)).ToList(),
            Steps = steps,
            Outputs = [new OutputSpec(fileName, request.Format, here) { Settings = settings }],
        };
    }

    private static StepDefinition Step(string verb, string value, int index, string path, string name) =>
        new(verb, new YamlScalarNode(value), index, new RecipePosition(path, 0, 0)) { Name = name };

    private static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^(\d{1,9})([mhdw])$", RegexOptions.CultureInvariant)]
    private static partial Regex Relative();
}
