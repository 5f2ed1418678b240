using System.Text.RegularExpressions;
using TraceCurate.Steps.Redaction;
using TraceCurate.Recipes;
using TraceCurate.Traces;

namespace TraceCurate.Steps;

/// <summary>
/// <c>deny: [REGEX, …]</c> drops a whole trace when any of its texts, or any string of its input record, matches one
/// of the patterns (a client's name, an internal host, a topic that must not be published). Counted as
/// <c>dropped.denied</c>; the rejects file names the rule and the field, never the matched text.
/// </summary>
internal sealed class DenyStep(string name, IReadOnlyList<Regex> rules) : IRecipeStep
{
    public string Name { get; } = name;

    public bool IsStateless => true;

    public static IRecipeStep Create(StepDefinition definition, StepBuildContext context)
    {
        var y = context.Yaml;
        var rules = new List<Regex>();
        foreach (var (pattern, node) in y.StringList(definition.Value, "deny"))
        {
            try
            {
                rules.Add(new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, Detector.Timeout));
            }
            catch (ArgumentException e)
            {
                throw y.Error(node, $"deny rule {rules.Count + 1} is not a valid regex: {e.Message}");
            }
        }
        if (rules.Count == 0) throw y.Error(definition.Value, "deny needs at least one regex");
        return new DenyStep(definition.Name, rules);
    }

    public StepResult Apply(Trace trace, StepCounters counters)
    {
        foreach (var (path, text) in TraceTexts.Each(trace, includeRecord: true))
            for (var i = 0; i < rules.Count; i++)
                if (rules[i].IsMatch(text))
                    return StepResult.Drop("denied", $"deny rule {i + 1} matched {path}");
        return StepResult.Keep(trace);
    }
}
