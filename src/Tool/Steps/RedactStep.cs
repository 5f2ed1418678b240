using System.Text.RegularExpressions;
using TraceCurate.Recipes;
using TraceCurate.Steps.Redaction;
using TraceCurate.Traces;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Steps;

/// <summary>
/// <c>redact: [secrets, emails, home-paths]</c> or <c>redact: {detectors: [...], patterns: [{name, regex}]}</c> replaces
/// secrets and personal data in every text of a trace by <c>&lt;redacted:KIND&gt;</c> and counts
/// <c>redacted.KIND</c> per detector. Drops nothing.
/// </summary>
internal sealed class RedactStep(string name, Redactor redactor) : IRecipeStep
{
    private static readonly Regex KindName = new("^[a-z0-9_-]+$", RegexOptions.CultureInvariant);

    public string Name { get; } = name;

    public bool IsStateless => true;

    public static IRecipeStep Create(StepDefinition definition, StepBuildContext context)
    {
        var y = context.Yaml;
        var value = definition.Value;
        YamlNode? names = value, patterns = null;
        if (value is YamlMappingNode map)
        {
            var keys = y.Keys(map, "redact", "detectors", "patterns");
            names = keys.GetValueOrDefault("detectors");
            patterns = keys.GetValueOrDefault("patterns");
        }
        // Without a list of detectors every built-in one runs: redaction fails closed.
        var kinds = new List<string>();
        foreach (var (item, node) in names is null ? [("all", value)] : y.StringList(names, "detectors"))
        {
            var expanded = BuiltInDetectors.Expand(item)
                ?? throw y.Error(node, $"unknown detector '{item}'; known: {string.Join(", ", BuiltInDetectors.Names)}");
            kinds.AddRange(expanded.Where(k => !kinds.Contains(k)));
        }
        var detectors = BuiltInDetectors.All.Where(d => kinds.Contains(d.Kind)).ToList();
        if (patterns is not null) detectors.AddRange(y.Sequence(patterns, "patterns").Children.Select(p => UserPattern(y, p)));
        return new RedactStep(definition.Name, new Redactor(detectors));
    }

    private static Detector UserPattern(YamlNodes y, YamlNode node)
    {
        var keys = y.Keys(y.Mapping(node, "a pattern"), "a pattern", "name", "regex");
        if (!keys.TryGetValue("name", out var nameNode) || !keys.TryGetValue("regex", out var regexNode))
            throw y.Error(node, "a pattern needs 'name' (the KIND in <redacted:KIND>) and 'regex'");
        var kind = y.String(nameNode, "name");
        if (!KindName.IsMatch(kind)) throw y.Error(nameNode, $"pattern name '{kind}' must be lower-case letters, digits, '_' or '-'");
        try
        {
            return new Detector(kind, y.String(regexNode, "regex"));
        }
        catch (ArgumentException e)
        {
            throw y.Error(regexNode, $"regex of pattern '{kind}' is not valid: {e.Message}");
        }
    }

    public StepResult Apply(Trace trace, StepCounters counters)
    {
        var counts = new int[redactor.Detectors.Count];
        var redacted = redactor.Apply(trace, counts);
        for (var i = 0; i < counts.Length; i++)
            if (counts[i] > 0) counters.Add("redacted." + redactor.Detectors[i].Kind, counts[i]);
        return StepResult.Keep(redacted);
    }
}
