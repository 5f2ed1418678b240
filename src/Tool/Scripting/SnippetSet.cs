using TraceCurate.Traces;

namespace TraceCurate.Scripting;

/// <summary>The snippets of one recipe, gathered while its steps are built, then compiled together.</summary>
public sealed class SnippetSet
{
    private readonly List<ISnippet> _snippets = [];

    public IReadOnlyList<ISnippet> All => _snippets;

    public Snippet<Func<Trace, bool>> AddPredicate(SnippetText text) => Add<Func<Trace, bool>>(SnippetKind.Predicate, text);

    public Snippet<Func<Trace, Trace>> AddTransform(SnippetText text) => Add<Func<Trace, Trace>>(SnippetKind.Transform, text);

    public Snippet<Func<Trace, object?>> AddKey(SnippetText text) => Add<Func<Trace, object?>>(SnippetKind.Key, text);

    private Snippet<T> Add<T>(SnippetKind kind, SnippetText text) where T : Delegate
    {
        var snippet = new Snippet<T>(kind, text, $"S{_snippets.Count}");
        _snippets.Add(snippet);
        return snippet;
    }
}
