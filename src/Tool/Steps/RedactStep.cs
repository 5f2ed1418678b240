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
        YamlNode? names = value, patterns = null, secretsFrom = null, secrets = null, minLength = null, identityNames = null;
        if (value is YamlMappingNode map)
        {
            var keys = y.Keys(map, "redact", "detectors", "patterns", "secrets_from", "secrets", "min_secret_length", "names");
            names = keys.GetValueOrDefault("detectors");
            patterns = keys.GetValueOrDefault("patterns");
            secretsFrom = keys.GetValueOrDefault("secrets_from");
            secrets = keys.GetValueOrDefault("secrets");
            minLength = keys.GetValueOrDefault("min_secret_length");
            identityNames = keys.GetValueOrDefault("names");
        }
        // Without a list of detectors every built-in one runs: redaction fails closed.
        var kinds = new List<string>();
        var identities = false;
        foreach (var (item, node) in names is null ? [("all", value)] : y.StringList(names, "detectors"))
        {
            var expanded = BuiltInDetectors.Expand(item)
                ?? throw y.Error(node, $"unknown detector '{item}'; known: {string.Join(", ", BuiltInDetectors.Names)}");
            kinds.AddRange(expanded.Where(k => !kinds.Contains(k)));
            identities |= BuiltInDetectors.TurnsOnIdentities(item);
        }
        var detectors = new List<Detector>();
        // Exact secrets first: the user's own values are the surest finds, and a broad rule must not cut one in half.
        var min = minLength is null ? SecretValues.DefaultMinLength : MinLength(y, minLength);
        if (SecretValues.Detector(ExactSecrets(context, secretsFrom, secrets, min)) is { } exact) detectors.Add(exact);
        detectors.AddRange(BuiltInDetectors.All.Where(d => kinds.Contains(d.Kind)));
        if (patterns is not null) detectors.AddRange(y.Sequence(patterns, "patterns").Children.Select(p => UserPattern(y, p)));
        var listed = identityNames is null ? [] : y.StringList(identityNames, "names").Select(n => n.Value).Where(n => n.Length > 0).ToList();
        var literal = listed.Count > 0 || (secrets is not null && y.StringList(secrets, "secrets").Count > 0);
        return new RedactStep(definition.Name, new Redactor(detectors, identities, listed)) { WritesValuesInRecipe = literal };
    }

    private static int MinLength(YamlNodes y, YamlNode node) =>
        int.TryParse(y.String(node, "min_secret_length"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : throw y.Error(node, "min_secret_length must be a whole number of characters, at least 1");

    /// <summary>
    /// The values of <c>secrets_from</c> files (env style), <c>secrets</c> and the command line's <c>--secret</c> /
    /// <c>--secrets-from</c>. Errors name the file, never a value.
    /// </summary>
    private static List<string> ExactSecrets(StepBuildContext context, YamlNode? secretsFrom, YamlNode? secrets, int min)
    {
        var y = context.Yaml;
        var values = new List<string>(context.Recipe.CommandLineSecrets.Values);
        foreach (var (file, node) in secretsFrom is null ? [] : y.StringList(secretsFrom, "secrets_from"))
        {
            var path = SecretFiles.Resolve(file, context.Recipe.Directory);
            try
            {
                values.AddRange(SecretValues.FromEnvFile(File.ReadLines(path), min));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw y.Error(node, $"secrets_from: cannot read '{file}' ({e.GetType().Name}); the run would publish what it holds");
            }
        }
        foreach (var (secret, node) in secrets is null ? [] : y.StringList(secrets, "secrets"))
        {
            if (secret.Length < min) throw y.Error(node, $"a value in 'secrets' is shorter than min_secret_length ({min}); it would redact ordinary text");
            values.Add(secret);
        }
        return values;
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

    /// <summary>True when the recipe itself holds secret values or names (<c>secrets:</c>, <c>names:</c>): an output that copies the recipe would publish them.</summary>
    internal bool WritesValuesInRecipe { get; init; }

    /// <summary>The redactor, for the scan gate and the findings report.</summary>
    internal Redactor Redactor => redactor;

    /// <summary>Per trace (by its place in the input and id), what was redacted where: the findings report.</summary>
    internal RedactionReport Report { get; } = new();

    public StepResult Apply(Trace trace, StepCounters counters)
    {
        var counts = new int[redactor.Kinds.Count];
        var findings = new RedactionFindings();
        var redacted = redactor.Apply(trace, counts, findings);
        for (var i = 0; i < counts.Length; i++)
            if (counts[i] > 0) counters.Add("redacted." + redactor.Kinds[i], counts[i]);
        if (!findings.IsEmpty) Report.Add(trace, findings);
        return StepResult.Keep(redacted);
    }
}
