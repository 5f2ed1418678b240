namespace TraceCurate.Diagnostics;

public enum Severity
{
    Warning,
    Error,
}

/// <summary>
/// A message about the user's files in MSBuild's canonical form, <c>path(line,col): error TC0001: message</c>, so
/// editors, CI annotations and MSBuild pick it up. Line and column are 1-based; 0 means unknown and is left out.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Code, string Message, string? Path = null, long Line = 0, int Column = 0)
{
    public static Diagnostic Error(string code, string message, string? path = null, long line = 0, int column = 0) =>
        new(Severity.Error, code, message, path, line, column);

    public static Diagnostic Warning(string code, string message, string? path = null, long line = 0, int column = 0) =>
        new(Severity.Warning, code, message, path, line, column);

    public override string ToString()
    {
        var where = Path is null ? "trace-curate" : DisplayPath.For(Path);
        if (Path is not null && Line > 0)
            where += Column > 0 ? $"({Line},{Column})" : $"({Line})";
        var kind = Severity == Severity.Error ? "error" : "warning";
        return $"{where}: {kind} {Code}: {Message}";
    }
}
