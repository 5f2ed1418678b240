using System.Globalization;
using TraceCurate.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Recipes;

/// <summary>
/// Typed reads of YAML nodes that fail with the node's position, so every recipe error points at its line. Errors that
/// need not stop the reading (an unknown key, an invalid entry among others) are kept in <see cref="Errors"/>, so one
/// <c>check</c> reports every mistake of a recipe, not the first one.
/// </summary>
public sealed class YamlNodes(string file)
{
    private readonly List<Diagnostic> _errors = [];

    public string File { get; } = file;

    /// <summary>The errors kept so far, in the order they were found.</summary>
    public IReadOnlyList<Diagnostic> Errors => _errors;

    /// <summary>Keeps an error and goes on reading.</summary>
    public void Report(YamlNode node, string message) => _errors.AddRange(Error(node, message).Diagnostics);

    /// <summary>Runs one independent read; when it fails, keeps its errors and returns <paramref name="fallback"/>.</summary>
    public T Collect<T>(Func<T> read, T fallback)
    {
        try
        {
            return read();
        }
        catch (TraceCurateException e)
        {
            _errors.AddRange(e.Diagnostics);
            return fallback;
        }
    }

    /// <summary>Hands over the kept errors (and forgets them), for a caller that reports them with its own.</summary>
    public IReadOnlyList<Diagnostic> TakeErrors()
    {
        var taken = _errors.ToList();
        _errors.Clear();
        return taken;
    }

    public RecipePosition At(YamlNode node) => RecipePosition.Of(File, node.Start);

    public TraceCurateException Error(YamlNode node, string message) =>
        new(Diagnostic.Error(DiagnosticCodes.RecipeSchema, message, File, node.Start.Line, (int)node.Start.Column));

    public YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping (key: value pairs)");

    public YamlSequenceNode Sequence(YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw Error(node, $"{what} must be a list");

    /// <summary>A scalar as a string; a scalar with an explicit null (<c>~</c>, <c>null</c>, empty) is an error.</summary>
    public string String(YamlNode node, string what)
    {
        if (node is not YamlScalarNode scalar) throw Error(node, $"{what} must be a single value, not a {Describe(node)}");
        if (scalar.Value is null || (scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "" or "~" or "null"))
            throw Error(node, $"{what} must not be empty");
        return scalar.Value;
    }

    public long Integer(YamlNode node, string what, long min = long.MinValue)
    {
        var text = String(node, what);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw Error(node, $"{what} must be a whole number, not '{text}'");
        if (value < min) throw Error(node, $"{what} must be at least {min}");
        return value;
    }

    public double Number(YamlNode node, string what)
    {
        var text = String(node, what);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Error(node, $"{what} must be a number, not '{text}'");
        return value;
    }

    public bool Boolean(YamlNode node, string what)
    {
        var text = String(node, what);
        return TryBoolean(text, out var value) ? value : throw Error(node, $"{what} must be true or false, not '{text}'");
    }

    /// <summary>The YAML 1.1 words for true and false that recipes accept (true/yes/on, false/no/off), any case.</summary>
    public static bool TryBoolean(string text, out bool value)
    {
        switch (text.ToLowerInvariant())
        {
            case "true" or "yes" or "on": value = true; return true;
            case "false" or "no" or "off": value = false; return true;
            default: value = false; return false;
        }
    }

    /// <summary>A list of strings, or one string taken as a list of one.</summary>
    public IReadOnlyList<(string Value, YamlNode Node)> StringList(YamlNode node, string what) => node switch
    {
        YamlScalarNode => [(String(node, what), node)],
        YamlSequenceNode seq => seq.Children.Select(c => (String(c, $"each item of {what}"), c)).ToList(),
        _ => throw Error(node, $"{what} must be a value or a list of values"),
    };

    /// <summary>
    /// The entries of a mapping by key. A key not in <paramref name="allowed"/> is kept as an error (with the closest
    /// allowed key) and left out, so the caller goes on checking the others.
    /// </summary>
    public Dictionary<string, YamlNode> Keys(YamlMappingNode map, string what, params string[] allowed)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            var key = String(keyNode, "a key");
            if (allowed.Contains(key)) result[key] = value;
            else Report(keyNode, UnknownKey(key, what, allowed));
        }
        return result;
    }

    /// <summary>
    /// "unknown key 'splt' in an output (did you mean 'split'?); expected one of: …". The suggestion may come from a
    /// wider list than the one shown (a key of another output format), where a message about that key follows.
    /// </summary>
    public static string UnknownKey(string key, string what, IReadOnlyCollection<string> allowed, IReadOnlyCollection<string>? suggestable = null) =>
        $"unknown key '{key}' in {what}{DidYouMean.Hint(key, suggestable ?? allowed)}; expected one of: {string.Join(", ", allowed)}";

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "value",
    };
}
