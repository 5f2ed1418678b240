using TraceCurate.Exports;
using TraceCurate.Recipes;

namespace TraceCurate.Pipeline;

/// <summary>Maps an output entry's keys onto <see cref="ExportOptions"/>; keys it does not know stay in Settings for the writer.</summary>
internal static class ExportOptionsReader
{
    public static ExportOptions From(OutputSpec spec)
    {
        var settings = new Dictionary<string, string>(spec.Settings, StringComparer.Ordinal);
        return new ExportOptions
        {
            IncludeThinking = Take(settings, "include_thinking") is { } t && bool.Parse(t),
            IncludeMetadata = Take(settings, "include_metadata") is { } m && bool.Parse(m),
            SystemPrompt = Take(settings, "system_prompt"),
            MaxObservationChars = Take(settings, "max_observation_chars") is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : null,
            RecipePath = string.IsNullOrEmpty(spec.Position.File) ? null : spec.Position.File,
            Settings = settings,
        };
    }

    private static string? Take(Dictionary<string, string> settings, string key) =>
        settings.Remove(key, out var value) ? value : null;
}
