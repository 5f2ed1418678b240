using YamlDotNet.Core;

namespace TraceCurate.Recipes;

/// <summary>
/// YAML ends a plain scalar at <c>": "</c> and starts a comment at <c>" #"</c>, both common in C#. When parsing fails on
/// a line that holds a snippet, say so and show the block form, which takes any text.
/// </summary>
internal static class SnippetQuotingHint
{
    private static readonly string[] SnippetKeys = ["where:", "map:", "key:", "by:", "per:"];

    public static string Explain(YamlException e, string text)
    {
        var message = e.InnerException?.Message is { Length: > 0 } inner && inner != e.Message ? $"{e.Message} ({inner})" : e.Message;
        message = message.Replace("While parsing a block mapping, did not find expected key.", "YAML syntax error:");
        var lines = text.Split('\n');
        var candidates = new[] { e.Start.Line, e.Start.Line - 1 };
        foreach (var n in candidates)
        {
            if (n < 1 || n > lines.Length) continue;
            var line = lines[n - 1].TrimStart().TrimStart('-', ' ');
            if (SnippetKeys.Any(k => line.StartsWith(k, StringComparison.Ordinal)))
                return $"{message}. This line holds a C# snippet: a snippet that contains ': ' or ' #' is not a plain YAML " +
                       "value. Write it in block form: put '|' after the key and the snippet on the lines below, indented " +
                       "(for example 'where: |' then '    t.Meta(\"a\") == \"b: c\"').";
        }
        return message;
    }
}
