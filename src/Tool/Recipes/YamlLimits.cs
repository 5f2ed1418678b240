using TraceCurate.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TraceCurate.Recipes;

/// <summary>
/// Stands between YamlDotNet's parser and its node model and refuses what would crash or slow the loader, each at its
/// position: nesting deeper than <see cref="MaxDepth"/> (the node model builds nested collections by recursion, so YAML
/// nested 100,000 deep overflowed the stack, and the scanner checks every open flow level on every token, so time grew
/// with the square of the nesting), an alias before its anchor (YamlDotNet reported it at 1,1), and an alias inside
/// its own anchor's collection (a cycle in the node graph). The parser itself is a state machine and needs no guard.
/// </summary>
internal sealed class YamlLimits(IParser inner, string file) : IParser
{
    /// <summary>A recipe nests a handful of levels; 64 leaves room for any hand-written one.</summary>
    public const int MaxDepth = 64;

    /// <summary>A recipe is written by hand; 8 MiB holds 100,000 parameters several times over.</summary>
    public const long MaxBytes = 8L << 20;

    private readonly Stack<(Mark Start, string? Anchor)> _open = new();
    private readonly HashSet<string> _anchors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _openAnchors = new(StringComparer.Ordinal);

    public ParsingEvent? Current => inner.Current;

    /// <summary>The start of the innermost collection still open, where an unclosed '[' or '{' most likely is.</summary>
    public Mark? InnermostOpen => _open.Count > 0 ? _open.Peek().Start : null;

    public bool MoveNext()
    {
        if (!inner.MoveNext()) return false;
        switch (inner.Current)
        {
            case AnchorAlias alias:
                if (_openAnchors.Contains(alias.Value.Value))
                    throw Error(alias.Start, $"alias '*{alias.Value.Value}' stands inside the collection its anchor names, which would make the recipe infinitely deep");
                if (!_anchors.Contains(alias.Value.Value))
                    throw Error(alias.Start, $"alias '*{alias.Value.Value}' refers to no anchor; define '&{alias.Value.Value}' on a value before it");
                break;
            case NodeEvent node when node is MappingStart or SequenceStart:
                if (_open.Count == MaxDepth)
                    throw Error(node.Start, $"the YAML is nested more than {MaxDepth} levels deep here; a recipe needs a few levels, so this is not a recipe");
                var anchor = node.Anchor.IsEmpty ? null : node.Anchor.Value;
                _open.Push((node.Start, anchor));
                if (anchor is not null)
                {
                    _anchors.Add(anchor);
                    _openAnchors.Add(anchor);
                }
                break;
            case NodeEvent { Anchor.IsEmpty: false } scalar:
                _anchors.Add(scalar.Anchor.Value);
                break;
            case MappingEnd or SequenceEnd when _open.Count > 0:
                if (_open.Pop().Anchor is { } closed) _openAnchors.Remove(closed);
                break;
        }
        return true;
    }

    private TraceCurateException Error(Mark at, string message) =>
        new(Diagnostic.Error(DiagnosticCodes.RecipeSyntax, message, file, at.Line, (int)at.Column));
}
