using System.Text;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Traces;

/// <summary>
/// The shell tokenizer copies runs of word characters at once and quoted texts up to their closing quote: its words
/// and operators must be those of the character-by-character tokenizer it replaced (kept here as the reference), with
/// quotes honoured and not, on every shell command of the corpus and the samples and on generated commands made of
/// quotes, escapes, line continuations, pipes, separators, redirections, heredocs, assignments, wrappers and non-ASCII.
/// </summary>
public sealed class ShellTokenizerTests
{
    [CorpusFact]
    public void Every_shell_command_of_the_corpus_and_samples_is_tokenized_as_before()
    {
        var commands = 0;
        var files = RepoPaths.CorpusAndSampleFiles();
        foreach (var path in files)
            foreach (var t in AnalysisEquivalenceTests.Traces(path))
                foreach (var a in t.Actions)
                    if (ToolFamilies.Of(a.Name) == ToolFamily.Shell && ShellCommand.TextOf(a) is { } text)
                    {
                        AssertAsBefore(text);
                        commands++;
                    }
        Assert.True(commands >= 500, $"only {commands} shell commands");
    }

    private static readonly string[] Pieces =
    [
        "git", " ", "  ", "\t", "commit", "-m", "'a && b'", "\"x | y\"", "\"esc \\\" q\"", "\\ ", "\\\n", "\\", "\n", "\r\n", "&&", "||", "|",
        ";", "&", "2>&1", ">&2", "&>", "> out", "<<'EOF'\nline $x\nEOF\n", "FOO=1", "A_B=2", "sudo", "env", "timeout 10", "npx", "uv run",
        "cd /tmp", "pytest -q", "é中😀", "'", "\"", "''", "\"\"", "a'b'c", "x\"y\"z", "\\'", "\"\\", "'\\'", "&&&", "|||", ";;",
    ];

    [Fact]
    public void Generated_commands_are_tokenized_as_before()
    {
        var random = new Random(31);
        for (var n = 0; n < 20000; n++)
        {
            var text = new StringBuilder();
            for (var k = random.Next(1, 16); k > 0; k--)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
                if (random.Next(50) == 0) text.Append(new string('w', random.Next(100, 5000))); // a very long word
            }
            AssertAsBefore(text.ToString());
        }
    }

    private static void AssertAsBefore(string text)
    {
        foreach (var quotes in (bool[])[true, false])
        {
            var expected = PreviousTokenize(text, quotes);
            var actual = ShellCommand.Tokenize(text, quotes);
            Assert.True(expected is null ? actual is null : actual is not null && expected.SequenceEqual(actual),
                $"quotes {quotes}: {System.Text.Json.JsonSerializer.Serialize(text)}: [{Show(expected)}] != [{Show(actual)}]");
        }
    }

    private static string Show(List<string>? tokens) => tokens is null ? "null" : string.Join(", ", tokens.Select(t => System.Text.Json.JsonSerializer.Serialize(t)));

    /// <summary>The tokenizer before it copied runs of word characters at once, character by character.</summary>
    private static List<string>? PreviousTokenize(string text, bool honourQuotes)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        void Flush()
        {
            if (inWord) tokens.Add(word.ToString());
            word.Clear();
            inWord = false;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else if (c == '\\' && quote == '"' && i + 1 < text.Length) word.Append(text[++i]);
                else word.Append(c);
                continue;
            }
            if (honourQuotes && c is '\'' or '"') { quote = c; inWord = true; continue; }
            if (c == '\\' && i + 1 < text.Length && text[i + 1] != '\n') { word.Append(text[++i]); inWord = true; continue; }
            if (c == '\\' && i + 1 < text.Length) { i++; continue; } // a line continuation
            if (c is ' ' or '\t' or '\r') { Flush(); continue; }
            if (c is '\n' or ';') { Flush(); tokens.Add(c == '\n' ? "\n" : ";"); continue; }
            // "2>&1", ">&2" and "&>" are redirections, not separators: such a '&' stays in the word.
            if (c == '&' && ((inWord && word.Length > 0 && word[^1] == '>') || (i + 1 < text.Length && text[i + 1] == '>')))
            {
                word.Append(c);
                inWord = true;
                continue;
            }
            if (c is '&' or '|')
            {
                Flush();
                var twice = i + 1 < text.Length && text[i + 1] == c;
                if (twice) i++;
                tokens.Add(twice ? new string(c, 2) : c.ToString());
                continue;
            }
            word.Append(c);
            inWord = true;
        }
        if (quote != '\0') return null;
        Flush();
        return tokens;
    }

}
