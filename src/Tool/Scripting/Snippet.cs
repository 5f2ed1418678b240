namespace TraceCurate.Scripting;

/// <summary>The shapes of snippet the generated class can hold.</summary>
public enum SnippetKind
{
    /// <summary><c>bool (Trace t)</c>: a <c>where</c>.</summary>
    Predicate,

    /// <summary><c>Trace (Trace t)</c>: a <c>map</c>.</summary>
    Transform,

    /// <summary><c>object? (Trace t)</c>: a key for dedup, cap or split.</summary>
    Key,
}

/// <summary>
/// A snippet registered for compilation. Steps hold it and read <see cref="Delegate"/> once the recipe's snippets are
/// compiled (all together, into one assembly, before any trace is read).
/// </summary>
public sealed class Snippet<TDelegate> : ISnippet where TDelegate : Delegate
{
    private TDelegate? _delegate;

    internal Snippet(SnippetKind kind, SnippetText text, string methodName)
    {
        Kind = kind;
        Text = text;
        MethodName = methodName;
    }

    public SnippetKind Kind { get; }

    public SnippetText Text { get; }

    public string MethodName { get; }

    public TDelegate Delegate => _delegate ?? throw new InvalidOperationException($"snippet {MethodName} is not compiled yet");

    void ISnippet.Bind(System.Delegate compiled) => _delegate = (TDelegate)compiled;

    Type ISnippet.DelegateType => typeof(TDelegate);

    void ISnippet.Unbind() => _delegate = null;
}

/// <summary>The untyped view of a snippet that the compiler binds.</summary>
public interface ISnippet
{
    SnippetKind Kind { get; }

    SnippetText Text { get; }

    string MethodName { get; }

    Type DelegateType { get; }

    void Bind(Delegate compiled);

    void Unbind();
}
