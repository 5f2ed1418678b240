using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceCurate.Traces;

/// <summary>The tool families of output-formats §10.1: what kind of thing a tool does, whatever the agent calls it.</summary>
internal enum ToolFamily
{
    Other,
    Shell,
    Python,
    Read,
    Edit,
    Search,
    Web,
    Task,
    Todo,
}

/// <summary>
/// Tool families and the target keys of §10.1. Two actions act on the same target when they are of the same family and
/// their <see cref="TargetKeys.Exact"/> (strong) or <see cref="TargetKeys.Loose"/> (weak) keys are equal; two verifier
/// runs (tests, builds, type checks, linters) of the same working directory also match (<see cref="TargetKeys.Verifier"/>).
/// </summary>
internal static partial class ToolFamilies
{
    private static readonly Dictionary<string, ToolFamily> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bash"] = ToolFamily.Shell, ["shell"] = ToolFamily.Shell, ["shell_command"] = ToolFamily.Shell, ["exec_command"] = ToolFamily.Shell,
        ["local_shell_call"] = ToolFamily.Shell, ["execute_bash"] = ToolFamily.Shell, ["run"] = ToolFamily.Shell,
        ["python_interpreter"] = ToolFamily.Python, ["run_ipython"] = ToolFamily.Python, ["execute_ipython_cell"] = ToolFamily.Python,
        ["read"] = ToolFamily.Read, ["read_file"] = ToolFamily.Read, ["view"] = ToolFamily.Read, ["notebookread"] = ToolFamily.Read,
        ["open"] = ToolFamily.Read, ["goto"] = ToolFamily.Read, ["scroll_up"] = ToolFamily.Read, ["scroll_down"] = ToolFamily.Read,
        ["edit"] = ToolFamily.Edit, ["multiedit"] = ToolFamily.Edit, ["write"] = ToolFamily.Edit, ["edit_file"] = ToolFamily.Edit,
        ["write_file"] = ToolFamily.Edit, ["apply_patch"] = ToolFamily.Edit, ["notebookedit"] = ToolFamily.Edit,
        ["str_replace_editor"] = ToolFamily.Edit, ["create"] = ToolFamily.Edit,
        ["grep"] = ToolFamily.Search, ["glob"] = ToolFamily.Search, ["ls"] = ToolFamily.Search, ["find_file"] = ToolFamily.Search,
        ["search_dir"] = ToolFamily.Search, ["search_file"] = ToolFamily.Search,
        ["webfetch"] = ToolFamily.Web, ["websearch"] = ToolFamily.Web, ["browse"] = ToolFamily.Web, ["web_search_call"] = ToolFamily.Web,
        ["task"] = ToolFamily.Task, ["agent"] = ToolFamily.Task,
        ["todowrite"] = ToolFamily.Todo, ["update_plan"] = ToolFamily.Todo,
    };

    private static readonly string[] PathKeys = ["file_path", "path", "filePath", "notebook_path", "file", "filename"];

    private static readonly HashSet<string> Verifiers = new(StringComparer.Ordinal)
    {
        "pytest", "tox", "nox", "jest", "vitest", "mocha", "tsc", "mypy", "pyright", "ruff", "eslint", "flake8", "make", "ctest",
        "go test", "go build", "go vet", "cargo test", "cargo build", "cargo check", "cargo clippy", "dotnet build", "dotnet test",
        "mvn test", "mvn verify", "mvn package", "mvn compile", "gradle test", "gradle build", "gradlew test", "gradlew build",
    };

    private static readonly HashSet<string> ReadOnly = new(StringComparer.Ordinal)
    {
        "ls", "cat", "head", "tail", "grep", "rg", "find", "pwd", "echo", "wc", "git status", "git log", "git diff", "git show",
    };

    // After Verifiers. The words a verifier's program is spelled with: each verifier's first word, the package managers
    // whose test and build scripts count, and "py", which ShellCommand's aliases turn into python or pytest.
    private static readonly SearchValues<string> VerifierWords = SearchValues.Create([.. FirstWords(Verifiers), "npm", "pnpm", "yarn", "bun", "py"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<char> QuotesAndEscapes = SearchValues.Create("'\"\\");

    /// <summary>
    /// False when a shell command certainly runs no verifier (<see cref="IsVerifier"/> of its signature is false), without
    /// parsing it: in an ASCII text without quotes or backslashes every word is a piece of the text, and a verifier's
    /// program, lowercased, holds one of <see cref="VerifierWords"/>. The outcome looks for the last verifier from the end
    /// of the trace, and most commands then needed no parse.
    /// </summary>
    internal static bool MayBeVerifier(string? command) =>
        command is not null && (!Ascii.IsValid(command) || command.AsSpan().ContainsAny(QuotesAndEscapes) || command.AsSpan().ContainsAny(VerifierWords));

    private static string[] FirstWords(HashSet<string> commands)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in commands) words.Add(command.Split(' ')[0]);
        return [.. words];
    }

    public static ToolFamily Of(string toolName) => ByName.GetValueOrDefault(toolName, ToolFamily.Other);

    /// <summary>The keys of one action; <paramref name="traceCwd"/> resolves relative paths and names the verifier's folder.</summary>
    public static TargetKeys KeysOf(Action action, string? traceCwd) => KeysOf(action, traceCwd, null, 0);

    /// <summary>As <see cref="KeysOf(Action, string?)"/>, the shell command parsed once for all readers of <paramref name="keys"/>.</summary>
    internal static TargetKeys KeysOf(Action action, string? traceCwd, ActionKeys? keys, int index)
    {
        var family = Of(action.Name);
        switch (family)
        {
            case ToolFamily.Shell:
                var shell = keys?.Shell(index) ?? new ShellText(ShellCommand.TextOf(action));
                var text = shell.Text;
                var sig = shell.Signature;
                if (sig is null) return new(family, "shell:" + text, "shell", null);
                var verifier = IsVerifier(sig) ? "verify:" + (Arg(action, "workdir") ?? sig.Cwd ?? traceCwd ?? "") : null;
                return new(family, "shell:" + sig.Exact, "shell:" + sig.Loose, verifier);
            case ToolFamily.Python:
                var code = Arg(action, "code") ?? action.Input ?? "";
                var def = DefName().Match(code);
                return new(family, def.Success ? "python:" + def.Groups[1].Value : "python", "python", null);
            case ToolFamily.Read or ToolFamily.Edit:
                var path = PathOf(action, traceCwd);
                var tag = family == ToolFamily.Read ? "read:" : "edit:";
                return path is null ? new(family, tag + action.Name, tag, null) : new(family, tag + path, tag + path[(path.LastIndexOf('/') + 1)..], null);
            case ToolFamily.Search:
                var pattern = Arg(action, "pattern") ?? Arg(action, "query") ?? Arg(action, "search_term") ?? "";
                return new(family, "search:" + pattern + "@" + PathOf(action, traceCwd), "search:" + pattern, null);
            case ToolFamily.Task:
                return new(family, "task:" + Arg(action, "subagent_type"), "task", null);
            default:
                var canonical = action.Arguments is { } a ? a.GetRawText() : action.Input;
                return new(family, action.Name + ":" + canonical, action.Name, null);
        }
    }

    /// <summary>§10.2 rule 4: an action that may have changed what a retry sees (an edit, or a shell command that writes).</summary>
    public static bool ChangesState(Action action) => ChangesState(action, null, 0);

    /// <summary>As <see cref="ChangesState(Action)"/>, the shell command parsed once for all readers of <paramref name="keys"/>.</summary>
    internal static bool ChangesState(Action action, ActionKeys? keys, int index)
    {
        if (action.Failed) return false;
        var family = Of(action.Name);
        if (family == ToolFamily.Edit) return true;
        if (family is not (ToolFamily.Shell or ToolFamily.Python)) return false;
        if (family == ToolFamily.Python) return true;
        var sig = (keys?.Shell(index) ?? new ShellText(ShellCommand.TextOf(action))).Signature;
        if (sig is null) return false;
        foreach (var words in sig.Programs)
        {
            var program = words[0][(words[0].LastIndexOf('/') + 1)..].ToLowerInvariant();
            if (program == "sed" && words.Contains("-n")) continue;
            if (program == "git" && words.Count > 1 && ReadOnly.Contains("git " + words[1])) continue;
            if (program != "git" && ReadOnly.Contains(program)) continue;
            return true;
        }
        return false;
    }

    public static bool IsVerifier(CommandSignature sig)
    {
        if (Verifiers.Contains(sig.Program) || Verifiers.Contains(sig.Loose)) return true;
        if (sig.Program is "npm" or "pnpm" or "yarn" or "bun")
            return sig.Subcommand is "test" or "run:test" or "run:build" or "run:check" or "run:lint" or "run:typecheck";
        return sig.Program == "python" && sig.Argument is { } script && TestScript().IsMatch(script);
    }

    /// <summary>§10.1 <c>NormPath</c>: no leading <c>./</c>, no <c>//</c>, no trailing <c>/</c>, resolved against the cwd when relative.</summary>
    public static string NormPath(string path, string? cwd)
    {
        var p = path.Replace('\\', '/');
        while (p.Contains("//", StringComparison.Ordinal)) p = p.Replace("//", "/", StringComparison.Ordinal);
        while (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        if (p.Length > 1) p = p.TrimEnd('/');
        if (!p.StartsWith('/') && cwd is not null) p = NormPath(cwd.TrimEnd('/') + "/" + p, null);
        return p;
    }

    private static string? PathOf(Action action, string? cwd)
    {
        if (action.PendingRawArguments is { } raw)
        {
            // One pass over the bytes for all the spellings, not one per spelling.
            Span<string?> values = new string?[PathKeys.Length];
            RawJsonArguments.Fields(raw.Raw.Span, PathKeys, values);
            foreach (var value in values)
                if (value is { Length: > 0 } found) return NormPath(found, cwd);
            return null;
        }
        foreach (var key in PathKeys)
            if (Arg(action, key) is { Length: > 0 } path) return NormPath(path, cwd);
        return null;
    }

    private static string? Arg(Action action, string key) =>
        action.PendingRawArguments is { } raw ? RawJsonArguments.Field(raw.Raw.Span, key) // no document for one field
        : action.Arguments is { ValueKind: JsonValueKind.Object } a && a.TryGetProperty(key, out var v) ? JsonPath.AsString(v) : null;

    [GeneratedRegex(@"^\s*def\s+([A-Za-z_]\w*)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DefName();

    [GeneratedRegex(@"(^|/)(tests?/|test_|[^/]*_test\.py$|repro|reproduce|check|verify)", RegexOptions.CultureInvariant)]
    private static partial Regex TestScript();
}

/// <summary>The §10.1 keys of one action. <see cref="Verifier"/> is null for actions that are not test/build runs.</summary>
internal sealed record TargetKeys(ToolFamily Family, string Exact, string Loose, string? Verifier);
