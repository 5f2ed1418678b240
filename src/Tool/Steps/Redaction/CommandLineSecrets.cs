using TraceCurate.Diagnostics;
using TraceCurate.Recipes;

namespace TraceCurate.Steps.Redaction;

/// <summary>
/// <c>--secret VALUE</c> and <c>--secrets-from FILE</c> on <c>run</c> and <c>export</c>: exact values for every redact
/// step. Errors name the option or the file, never a value.
/// </summary>
public static class CommandLineSecrets
{
    /// <summary>The values of the options: literal ones, then each file's (env style), in the order given.</summary>
    public static SecretList Read(IEnumerable<string> literals, IEnumerable<string> files, string directory)
    {
        var values = new List<string>();
        foreach (var value in literals)
        {
            if (value.Length < SecretValues.DefaultMinLength)
                throw new ArgumentException($"a --secret value is shorter than {SecretValues.DefaultMinLength} characters; it would redact ordinary text");
            values.Add(value);
        }
        foreach (var file in files)
        {
            try
            {
                values.AddRange(SecretValues.FromEnvFile(File.ReadLines(SecretFiles.Resolve(file, directory)), SecretValues.DefaultMinLength));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"--secrets-from: cannot read '{file}' ({e.GetType().Name})");
            }
        }
        return values.Count == 0 ? SecretList.Empty : new SecretList(values);
    }

    /// <summary>The recipe with the values attached; a recipe without a redact step cannot honour them and is refused.</summary>
    public static Recipe Attach(Recipe recipe, SecretList secrets)
    {
        if (secrets.Values.Count == 0) return recipe;
        if (!recipe.Steps.Any(s => s.Verb == "redact"))
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.RecipeSchema,
                "--secret / --secrets-from need a 'redact' step in the recipe to replace their values; add one (e.g. 'redact: [secrets]')", recipe.Path, 1, 1));
        return recipe with { CommandLineSecrets = secrets };
    }
}
