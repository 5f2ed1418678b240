using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Scripting;

/// <summary>
/// A C# snippet as it stands in a recipe: its lines, and for each line the 1-based file line and column of its first
/// character, so that compile errors map back to the exact YAML position (engine-notes §1.7).
/// </summary>
public sealed record SnippetText(string File, IReadOnlyList<SnippetLine> Lines)
{
    public string Code => string.Join("\n", Lines.Select(l => l.Text));

    public long Line => Lines.Count > 0 ? Lines[0].Line : 0;

    public int Column => Lines.Count > 0 ? Lines[0].Column : 0;

    /// <summary>Builds the snippet of a YAML scalar, using the raw recipe text for block scalars' line positions.</summary>
    public static SnippetText FromScalar(YamlScalarNode node, string file, string recipeText)
    {
        var value = node.Value ?? "";
        var start = node.Start;
        switch (node.Style)
        {
            case ScalarStyle.Literal:
            case ScalarStyle.Folded:
                return FromBlock(value, start, file, recipeText, node.Style == ScalarStyle.Folded);
            case ScalarStyle.DoubleQuoted:
            case ScalarStyle.SingleQuoted:
                // Skip the quote. Escapes inside quoted scalars shift later columns; the docs recommend plain or '|'.
                return new SnippetText(file, [new SnippetLine(value.Replace('\n', ' '), start.Line, (int)start.Column + 1)]);
            default:
                // A plain scalar folded over several lines reads as one line; positions after the first line are approximate.
                return new SnippetText(file, [new SnippetLine(value.Replace('\n', ' '), start.Line, (int)start.Column)]);
        }
    }

    /// <summary>A snippet given outside a recipe (the export command's flags); positions point at nothing.</summary>
    public static SnippetText Inline(string code, string origin) => new(origin, [new SnippetLine(code, 1, 1)]);

    private static SnippetText FromBlock(string value, Mark start, string file, string recipeText, bool folded)
    {
        var rawLines = recipeText.Split('\n');
        var valueLines = value.TrimEnd('\n').Split('\n');
        var lines = new List<SnippetLine>();
        // Content starts on the line after the '|' indicator; blank lines inside the block keep their place.
        var rawIndex = (int)start.Line; // 0-based index of the line after the indicator
        foreach (var text in valueLines)
        {
            while (rawIndex < rawLines.Length && text.Length > 0 && !rawLines[rawIndex].TrimEnd('\r').EndsWith(text, StringComparison.Ordinal))
                rawIndex++;
            if (rawIndex >= rawLines.Length) break;
            var raw = rawLines[rawIndex].TrimEnd('\r');
            var column = text.Length == 0 ? 1 : raw.Length - text.Length + 1;
            lines.Add(new SnippetLine(text, rawIndex + 1, column));
            rawIndex++;
        }
        if (folded && lines.Count > 1)
            return new SnippetText(file, [lines[0] with { Text = string.Join(" ", lines.Select(l => l.Text)) }]);
        return new SnippetText(file, lines);
    }
}

/// <summary>One line of a snippet and where its first character stands in the file (1-based).</summary>
public sealed record SnippetLine(string Text, long Line, int Column);
