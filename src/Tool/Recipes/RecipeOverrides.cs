namespace TraceCurate.Recipes;

/// <summary>
/// Applies <c>--set name=value</c> to a recipe's parameters. An unknown name or a value of the wrong type is the
/// command line's fault, so it throws <see cref="ParamOverrideException"/> (exit code 2), not a recipe diagnostic.
/// </summary>
public static class RecipeOverrides
{
    public static Recipe Apply(Recipe recipe, IReadOnlyDictionary<string, string> sets)
    {
        if (sets.Count == 0) return recipe;
        var values = recipe.Params.ToList();
        foreach (var (name, text) in sets.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var index = values.FindIndex(p => p.Name == name);
            if (index < 0)
                throw new ParamOverrideException(values.Count == 0
                    ? $"--set {name}: the recipe declares no parameters (add them under 'params:')"
                    : $"--set {name}: unknown parameter{DidYouMean.Hint(name, values.Select(p => p.Name))}; the recipe declares: {string.Join(", ", values.Select(p => p.Name))}");
            var parsed = values[index].Parse(text)
                ?? throw new ParamOverrideException($"--set {name}={text}: parameter '{name}' is a {values[index].TypeName}, and '{text}' is not");
            values[index] = values[index] with { Value = parsed };
        }
        return recipe with { Params = values };
    }

    /// <summary>Splits <c>name=value</c> items; a later item for the same name wins.</summary>
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> items)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=');
            if (eq <= 0) throw new ParamOverrideException($"--set takes name=value, not '{item}'");
            result[item[..eq].Trim()] = item[(eq + 1)..];
        }
        return result;
    }
}

/// <summary>A <c>--set</c> that names no parameter or does not fit its type: a usage error.</summary>
public sealed class ParamOverrideException(string message) : Exception(message);
