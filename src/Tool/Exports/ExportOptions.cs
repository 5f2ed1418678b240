using TraceCurate.Diagnostics;

namespace TraceCurate.Exports;

/// <summary>
/// Settings shared by the writers, from a recipe output entry or the export command's flags. Format-specific keys
/// travel in <see cref="Settings"/>, so a new writer's option does not change every writer.
/// </summary>
public sealed record ExportOptions
{
    public static readonly ExportOptions Default = new();

    /// <summary>Include the model's reasoning (chat formats).</summary>
    public bool IncludeThinking { get; init; }

    /// <summary>Add each trace's metadata to its record.</summary>
    public bool IncludeMetadata { get; init; }

    /// <summary>A system prompt to put first (chat formats); null keeps the trace's own.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>
    /// Cut tool outputs longer than this many characters, with a visible marker (docs/exports.md). Null means the
    /// format's default: 16,000 for the training formats (output-formats §0); 0 keeps outputs whole.
    /// </summary>
    public int? MaxObservationChars { get; init; }

    /// <summary>The recipe file the output entry came from (null from the export command); hf-dataset copies it.</summary>
    public string? RecipePath { get; init; }

    /// <summary>Line and column of the output's entry in the recipe (0 when it came from the command line).</summary>
    public long RecipeLine { get; init; }

    public int RecipeColumn { get; init; }

    /// <summary>What to do with sub-agent traces (<c>subagents:</c>); the runner applies it around the writer.</summary>
    public SubagentMode Subagents { get; init; }

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>An error about this output, at its entry in the recipe when it has one, so the user sees which entry.</summary>
    public Diagnostic Error(string code, string message) =>
        RecipeLine > 0 ? Diagnostic.Error(code, message, RecipePath, RecipeLine, RecipeColumn) : Diagnostic.Error(code, message);

    public string? Get(string key) => Settings.TryGetValue(key, out var value) ? value : null;
}
