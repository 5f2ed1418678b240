namespace TraceCurate.Scripting;

/// <summary>
/// The generated C# file of a recipe and where in it the user's own text lies (snippet lines, helper usings and
/// bodies). The guard decides what is user code by these offsets, not by the <c>#line</c> mapping, so a <c>#line</c>
/// written by the user cannot make code look generated and slip past it; and it reports positions from them too.
/// </summary>
public sealed record GeneratedSource(string Text, IReadOnlyList<UserSpan> UserSpans)
{
    /// <summary>The user span holding this offset of <see cref="Text"/>, if any (spans are in order and disjoint).</summary>
    public UserSpan? SpanAt(int position)
    {
        int low = 0, high = UserSpans.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            var span = UserSpans[mid];
            if (position < span.Start) high = mid - 1;
            else if (position >= span.End) low = mid + 1;
            else return span;
        }
        return null;
    }

    /// <summary>The file, line and column (1-based) where the user wrote the character at this offset, if it is user text.</summary>
    public (string Path, long Line, int Column)? Locate(int position)
    {
        if (SpanAt(position) is not { } span) return null;
        var line = span.Line;
        var lineStart = -1;
        for (var i = span.Start; i < position; i++)
        {
            if (Text[i] != '\n') continue;
            line++;
            lineStart = i + 1;
        }
        var column = lineStart < 0 ? span.Column + (position - span.Start) : position - lineStart + 1;
        return (span.Path, line, column);
    }
}

/// <summary>
/// A stretch <c>[Start, End)</c> of the generated file copied from the user's file, whose first character stands at
/// <see cref="Line"/> and <see cref="Column"/> of <see cref="Path"/> (later lines of the stretch start at column 1).
/// </summary>
public readonly record struct UserSpan(int Start, int End, string Path, long Line, int Column);
