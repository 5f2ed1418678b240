namespace TraceCurate.Diagnostics;

/// <summary>
/// A failure caused by the user's recipe or data (exit code 1), carrying the diagnostics to print. Anything else that
/// escapes is a bug in the tool.
/// </summary>
public sealed class TraceCurateException : Exception
{
    public TraceCurateException(IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics))
    {
        Diagnostics = diagnostics;
    }

    public TraceCurateException(Diagnostic diagnostic) : this([diagnostic]) { }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
