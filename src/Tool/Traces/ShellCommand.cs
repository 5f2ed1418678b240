using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TraceCurate.Traces;

/// <summary>
/// Just enough shell parsing for the analysis rules: the program that decides a command's exit code
/// (<see cref="LastProgram"/>, output-formats §9.4) and the program/argument signature that says what a command acts on
/// (<see cref="Signature"/>, §10.1). Not a shell: quotes are honoured, expansions and redirections are not interpreted.
/// </summary>
internal static class ShellCommand
{
    private static readonly string[] PlainWrappers = ["sudo", "time", "env", "command", "nohup"];
    private static readonly string[] SigWrappers = ["npx", "bunx"];
    private static readonly (string, string)[] PairWrappers = [("uv", "run"), ("poetry", "run"), ("pipenv", "run"), ("pnpm", "exec")];
    private static readonly HashSet<string> Navigation = new(StringComparer.Ordinal) { "cd", "pushd", "popd", "export", "source", ".", "set" };
    private static readonly HashSet<string> WithSubcommand = new(StringComparer.Ordinal)
    {
        "git", "npm", "pnpm", "yarn", "bun", "dotnet", "cargo", "go", "make", "docker", "kubectl", "gh", "uv", "mvn", "gradle", "gradlew",
    };

    /// <summary>The command text of a shell action: <c>Arguments.command</c> (or <c>cmd</c>), an array's script, or the raw input.</summary>
    public static string? TextOf(Action action)
    {
        if (action.PendingRawArguments is { } raw) return RawJsonArguments.Command(raw.Raw.Span, out var command) ? command : action.Input;
        if (action.Arguments is { ValueKind: JsonValueKind.Object } args)
        {
            foreach (var key in (ReadOnlySpan<string>)["command", "cmd"])
            {
                if (!args.TryGetProperty(key, out var value)) continue;
                if (value.ValueKind == JsonValueKind.String) return value.GetString();
                if (value.ValueKind == JsonValueKind.Array)
                {
                    var parts = value.EnumerateArray().Select(e => JsonPath.AsString(e) ?? "").ToList();
                    // ["bash", "-lc", SCRIPT] is how Codex spells a shell call: the script is the command (§10.1).
                    if (parts.Count == 3 && parts[1] is "-lc" or "-c") return parts[2];
                    return string.Join(' ', parts);
                }
            }
        }
        return action.Input;
    }

    /// <summary>§9.4: the last segment's last pipe element, unwrapped; <c>git</c> gets its subcommand (<c>git grep</c>).</summary>
    public static string? LastProgram(string command)
    {
        var segments = Segments(command);
        if (segments.Count == 0) return null;
        var pipeline = Pipes(segments[^1]);
        var words = Unwrap(pipeline[^1], sig: false);
        if (words.Count == 0) return null;
        var program = Basename(words[0]);
        return program == "git" && NextNonFlag(words, 1) is { } sub ? "git " + sub : program;
    }

    /// <summary>§10.1 <c>Sig(cmd)</c>: the program [+ subcommand] and its first non-flag argument, plus the <c>cd</c> target.</summary>
    public static CommandSignature? Signature(string command)
    {
        string? cwd = null;
        List<string>? last = null;
        var segments = Segments(command);
        foreach (var segment in segments)
        {
            if (segment.Count == 0) continue;
            if (Navigation.Contains(segment[0]))
            {
                if (segment[0] is "cd" or "pushd" && segment.Count > 1) cwd = cwd is null || segment[1].StartsWith('/') ? segment[1] : cwd + "/" + segment[1];
                continue;
            }
            last = segment;
        }
        if (last is null) return null;
        var words = Unwrap(Pipes(last)[0], sig: true);
        if (words.Count == 0) return null;
        var program = Alias(Basename(words[0]));
        var rest = 1;
        if (program == "python" && words.Count > 2 && words[1] == "-m")
        {
            program = Alias(words[2]);
            rest = 3;
        }
        string? sub = null;
        if (WithSubcommand.Contains(program) && NextNonFlagAt(words, rest) is { } at)
        {
            sub = words[at];
            rest = at + 1;
            if (sub == "run" && program is "npm" or "pnpm" or "yarn" or "bun" && NextNonFlagAt(words, rest) is { } script)
            {
                sub = "run:" + words[script];
                rest = script + 1;
            }
        }
        var argument = NextNonFlagAt(words, rest) is { } a ? words[a] : null;
        return new CommandSignature(program, sub, argument, cwd, segments);
    }

    /// <summary>Every program of the segments other than navigation: each pipe element, unwrapped, that has words.</summary>
    internal static List<IReadOnlyList<string>> Programs(List<List<string>> segments)
    {
        var programs = new List<IReadOnlyList<string>>();
        foreach (var segment in segments)
        {
            if (Navigation.Contains(segment[0])) continue;
            foreach (var pipe in Pipes(segment))
                if (Unwrap(pipe, sig: true) is { Count: > 0 } words) programs.Add(words);
        }
        return programs;
    }

    /// <summary>Splits on unquoted <c>&amp;&amp;</c>, <c>||</c>, <c>;</c> and newlines; each segment keeps its words and <c>|</c> tokens.</summary>
    internal static List<List<string>> Segments(string command)
    {
        var tokens = Tokenize(command, honourQuotes: true) ?? Tokenize(command, honourQuotes: false)!;
        var segments = new List<List<string>>();
        var current = new List<string>();
        foreach (var token in tokens)
        {
            if (token is not ("&&" or "||" or ";" or "\n" or "&")) current.Add(token);
            else if (current.Count > 0)
            {
                segments.Add(current);
                current = [];
            }
        }
        if (current.Count > 0) segments.Add(current);
        return segments;
    }

    private static List<List<string>> Pipes(List<string> segment)
    {
        var result = new List<List<string>> { new() };
        foreach (var word in segment)
        {
            if (word == "|") result.Add([]);
            else result[^1].Add(word);
        }
        return result;
    }

    // The characters the tokenizer acts on outside quotes (with and without quotes honoured); any other character is
    // part of a word, and a run of them is copied at once: copying character by character was most of the parsing.
    private static readonly SearchValues<char> Specials = SearchValues.Create("'\"\\ \t\r\n;&|");
    private static readonly SearchValues<char> SpecialsWithoutQuotes = SearchValues.Create("\\ \t\r\n;&|");

    [ThreadStatic] private static StringBuilder? t_word;

    /// <summary>Words and operators; null when quotes do not balance (the caller then splits on whitespace alone).</summary>
    internal static List<string>? Tokenize(string text, bool honourQuotes)
    {
        var tokens = new List<string>();
        var word = t_word ??= new StringBuilder();
        word.Clear();
        var inWord = false;
        var specials = honourQuotes ? Specials : SpecialsWithoutQuotes;
        void Flush()
        {
            if (inWord) tokens.Add(word.ToString());
            word.Clear();
            inWord = false;
        }
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!specials.Contains(c))
            {
                var run = text.AsSpan(i).IndexOfAny(specials);
                if (run < 0) run = text.Length - i;
                word.Append(text.AsSpan(i, run));
                inWord = true;
                i += run;
                continue;
            }
            if (c is '\'' or '"')
            {
                inWord = true;
                i = Quoted(text, i + 1, c, word);
                if (i < 0) return null;
                continue;
            }
            i++;
            if (c == '\\' && i < text.Length && text[i] != '\n') { word.Append(text[i++]); inWord = true; continue; }
            if (c == '\\' && i < text.Length) { i++; continue; } // a line continuation
            if (c == '\\') { word.Append(c); inWord = true; continue; } // a backslash that ends the text is itself
            if (c is ' ' or '\t' or '\r') { Flush(); continue; }
            if (c is '\n' or ';') { Flush(); tokens.Add(c == '\n' ? "\n" : ";"); continue; }
            // "2>&1", ">&2" and "&>" are redirections, not separators: such a '&' stays in the word.
            if (c == '&' && ((inWord && word.Length > 0 && word[^1] == '>') || (i < text.Length && text[i] == '>')))
            {
                word.Append(c);
                inWord = true;
                continue;
            }
            Flush(); // c is '&' or '|'
            var twice = i < text.Length && text[i] == c;
            if (twice) i++;
            tokens.Add(twice ? new string(c, 2) : c.ToString());
        }
        Flush();
        return tokens;
    }

    /// <summary>
    /// Appends a quoted text that starts at <paramref name="at"/> (after the opening quote) and returns where it ends
    /// (after the closing quote), or -1 when it does not close. Inside double quotes a backslash takes the next character
    /// as it is; inside single quotes it is itself.
    /// </summary>
    private static int Quoted(string text, int at, char quote, StringBuilder word)
    {
        while (true)
        {
            var rest = text.AsSpan(at);
            var next = quote == '"' ? rest.IndexOfAny('"', '\\') : rest.IndexOf(quote);
            if (next < 0) return -1;
            word.Append(rest[..next]);
            at += next;
            if (text[at] == quote) return at + 1;
            if (at + 1 >= text.Length) return -1; // a backslash last, inside open quotes
            word.Append(text[at + 1]);
            at += 2;
        }
    }

    /// <summary>Drops leading <c>VAR=value</c> words and wrapper programs (§9.4 step 3; §10.1 step 3 adds more).</summary>
    private static List<string> Unwrap(List<string> words, bool sig)
    {
        var i = 0;
        while (i < words.Count)
        {
            var w = words[i];
            if (IsAssignment(w)) { i++; continue; }
            var name = Basename(w);
            if (PlainWrappers.Contains(name) || (sig && SigWrappers.Contains(name)))
            {
                i++;
                while (i < words.Count && (words[i].StartsWith('-') || (name == "env" && IsAssignment(words[i])))) i++;
                continue;
            }
            if (name == "timeout")
            {
                i++;
                while (i < words.Count && words[i].StartsWith('-')) i++;
                i++; // the duration
                continue;
            }
            if (sig && i + 1 < words.Count && PairWrappers.Contains((name, words[i + 1]))) { i += 2; continue; }
            break;
        }
        return i == 0 ? words : words.GetRange(Math.Min(i, words.Count), words.Count - Math.Min(i, words.Count));
    }

    private static bool IsAssignment(string w)
    {
        var eq = w.IndexOf('=');
        return eq > 0 && w[..eq].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(w[0]);
    }

    private static string Basename(string word) => word[(word.LastIndexOf('/') + 1)..].ToLowerInvariant();

    /// <summary>§10.1 step 4: one name per interpreter or tool, whatever the version suffix.</summary>
    private static string Alias(string program) => program switch
    {
        "py" => "python",
        _ when program.StartsWith("python", StringComparison.Ordinal) && program[6..].All(c => char.IsAsciiDigit(c) || c == '.') => "python",
        "pip3" => "pip",
        "py.test" => "pytest",
        _ => program,
    };

    private static string? NextNonFlag(List<string> words, int from) => NextNonFlagAt(words, from) is { } i ? words[i] : null;

    private static int? NextNonFlagAt(List<string> words, int from)
    {
        for (var i = from; i < words.Count; i++)
            if (!words[i].StartsWith('-') && !words[i].Contains('>') && !words[i].StartsWith('<')) return i;
        return null;
    }
}

/// <summary>
/// What a shell command acts on: <see cref="Program"/> [+ <see cref="Subcommand"/>] and its first non-flag
/// <see cref="Argument"/>; <see cref="Cwd"/> is the <c>cd</c> target before it; <see cref="Programs"/> lists every
/// program the command runs (each pipe element of each segment), for the read-only test of §10.2, worked out on first
/// read from the command's segments: only a blind retry asks it. The keys are built once, as every analysis reads them.
/// </summary>
internal sealed class CommandSignature(string program, string? subcommand, string? argument, string? cwd, List<List<string>> segments)
{
    private IReadOnlyList<IReadOnlyList<string>>? _programs;

    public string Program => program;

    public string? Subcommand => subcommand;

    public string? Argument => argument;

    public string? Cwd => cwd;

    /// <summary>LooseKey of the shell family: program [+ subcommand].</summary>
    public string Loose { get; } = subcommand is null ? program : program + " " + subcommand;

    /// <summary>ExactKey of the shell family: LooseKey + first non-flag argument.</summary>
    public string Exact => argument is null ? Loose : field ??= Loose + " " + argument;

    // A race builds the same list twice; either copy is right.
    public IReadOnlyList<IReadOnlyList<string>> Programs => _programs ??= ShellCommand.Programs(segments);
}
