using System.Globalization;
using TraceCurate.Diagnostics;
using TraceCurate.Exports;
using TraceCurate.Recipes;

namespace TraceCurate.Outputs;

/// <summary>Maps an output entry's keys onto <see cref="ExportOptions"/>; keys it does not know stay in Settings for the writer.</summary>
internal static class ExportOptionsReader
{
    public static ExportOptions From(OutputSpec spec)
    {
        var settings = new Dictionary<string, string>(spec.Settings, StringComparer.Ordinal);
        return new ExportOptions
        {
            IncludeThinking = Take(settings, "include_thinking") is { } t && Boolean(spec, "include_thinking", t),
            IncludeMetadata = Take(settings, "include_metadata") is { } m && Boolean(spec, "include_metadata", m),
            SystemPrompt = Take(settings, "system_prompt"),
            MaxObservationChars = Take(settings, "max_observation_chars") is { } n ? Count(spec, "max_observation_chars", n) : null,
            RecipePath = string.IsNullOrEmpty(spec.Position.File) ? null : spec.Position.File,
            RecipeLine = spec.Position.Line,
            RecipeColumn = spec.Position.Column,
            Subagents = Take(settings, "subagents") is { } mode
                ? Subagents.Parse(mode) ?? throw Invalid(spec, $"subagents must be {string.Join(", ", Subagents.ModeNames)}, not '{mode}'")
                : SubagentMode.Separate,
            Settings = settings,
        };
    }

    private static bool Boolean(OutputSpec spec, string key, string text) =>
        YamlNodes.TryBoolean(text, out var value) ? value : throw Invalid(spec, $"{key} must be true or false, not '{text}'");

    private static int Count(OutputSpec spec, string key, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(spec, $"{key} must be a whole number of characters (0 keeps outputs whole), not '{text}'");

    private static TraceCurateException Invalid(OutputSpec spec, string message) =>
        new(Diagnostic.Error(DiagnosticCodes.RecipeSchema, $"output '{spec.Path}': {message}", spec.Position.File, spec.Position.Line, spec.Position.Column));

    private static string? Take(Dictionary<string, string> settings, string key) =>
        settings.Remove(key, out var value) ? value : null;
}
