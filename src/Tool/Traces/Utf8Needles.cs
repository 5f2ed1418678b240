using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text;

namespace TraceCurate.Traces;

/// <summary>
/// A few literal texts looked for in a JSON string's raw UTF-8 bytes, so that the string need not be decoded to tell
/// that none of them is in it (the classifier asks this of every tool output; most contain none).
/// <para>
/// Why the bytes can answer: without a <c>\u</c> escape, the only escapes in a JSON string stand for <c>" \ /</c> and
/// control characters. A needle made only of other printable ASCII therefore occurs in the decoded text exactly where
/// its own bytes occur in the raw string (a decoded character that is not an escape's is its literal UTF-8 bytes), and
/// a line starts in the decoded text where the raw string starts or follows a <c>\n</c> escape. With a <c>\u</c> escape
/// in the bytes searched, they cannot tell and the answer is "maybe": the caller decodes.
/// </para>
/// <para>
/// How it is fast: one vectorised pass looks for every needle's three-byte anchor (its last three bytes; for needles at
/// line starts, the <c>\n</c> escape and the needle's first byte) and for <c>\u</c>; only the rare hits are compared. Searching
/// for each needle in turn cost a pass per needle, and anchors on common letters made each pass slow.
/// </para>
/// </summary>
internal sealed class Utf8Needles
{
    private readonly byte[][] _needles;
    private readonly bool _atLineStarts;
    private readonly Anchor[] _anchors;

    /// <param name="needles">Printable ASCII texts other than <c>" \ /</c>, at least three characters long.</param>
    /// <param name="atLineStarts">Whether only occurrences at the start of a line count.</param>
    public Utf8Needles(IEnumerable<string> needles, bool atLineStarts)
    {
        _needles = needles.Distinct(StringComparer.Ordinal).Select(Check).Select(Encoding.ASCII.GetBytes).ToArray();
        _atLineStarts = atLineStarts;
        // Plain loops: LINQ over value tuples has no ready-made native code and was JIT-compiled at start-up.
        var anchors = new List<Anchor>();
        foreach (var needle in _needles)
        {
            var (first, second, third) = atLineStarts ? ((byte)'\\', (byte)'n', needle[0]) : (needle[^3], needle[^2], needle[^1]);
            var index = anchors.FindIndex(a => a.First == first && a.Second == second);
            if (index < 0) anchors.Add(new Anchor(first, second, [third]));
            else if (Array.IndexOf(anchors[index].Thirds, third) < 0) anchors[index] = anchors[index] with { Thirds = [.. anchors[index].Thirds, third] };
        }
        _anchors = [.. anchors];
    }

    /// <summary>
    /// Whether a needle (at a line start, for line-start needles) may occur in the text <paramref name="bytes"/> decode
    /// to: all or a part of a JSON string, its first byte taken as a line start (at worst a needless "maybe"). True too
    /// when the bytes hold a <c>\u</c> escape, which they cannot see through; without one, each decoded character takes
    /// one to three bytes (four for the two characters of a surrogate pair). False is certain.
    /// </summary>
    public bool AnyIn(ReadOnlySpan<byte> bytes)
    {
        if (_atLineStarts && MatchesAt(bytes, 0)) return true;
        var at = 0;
        // Candidates p: bytes p, p+1, p+2 make an anchor, or p, p+1 a \u. Three loads per block: it ends 2 bytes early.
        // The same loop twice, 256- and 128-bit: .NET has no public generic vector interface to write it once, and the
        // 128-bit loop alone measured slower on AVX2 machines.
        if (Vector256.IsHardwareAccelerated)
        {
            for (; at + Vector256<byte>.Count + 2 <= bytes.Length; at += Vector256<byte>.Count)
            {
                var b0 = Vector256.Create(bytes.Slice(at, Vector256<byte>.Count));
                var b1 = Vector256.Create(bytes.Slice(at + 1, Vector256<byte>.Count));
                var b2 = Vector256.Create(bytes.Slice(at + 2, Vector256<byte>.Count));
                var backslash = Vector256.Equals(b0, Vector256.Create((byte)'\\'));
                var hits = backslash & Vector256.Equals(b1, Vector256.Create((byte)'u'));
                foreach (var anchor in _anchors)
                {
                    var third = Vector256<byte>.Zero;
                    foreach (var c in anchor.Thirds) third |= Vector256.Equals(b2, Vector256.Create(c));
                    var first = anchor.First == '\\' ? backslash : Vector256.Equals(b0, Vector256.Create(anchor.First));
                    hits |= first & Vector256.Equals(b1, Vector256.Create(anchor.Second)) & third;
                }
                for (var mask = hits.ExtractMostSignificantBits(); mask != 0; mask &= mask - 1)
                    if (Candidate(bytes, at + BitOperations.TrailingZeroCount(mask))) return true;
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; at + Vector128<byte>.Count + 2 <= bytes.Length; at += Vector128<byte>.Count)
            {
                var b0 = Vector128.Create(bytes.Slice(at, Vector128<byte>.Count));
                var b1 = Vector128.Create(bytes.Slice(at + 1, Vector128<byte>.Count));
                var b2 = Vector128.Create(bytes.Slice(at + 2, Vector128<byte>.Count));
                var backslash = Vector128.Equals(b0, Vector128.Create((byte)'\\'));
                var hits = backslash & Vector128.Equals(b1, Vector128.Create((byte)'u'));
                foreach (var anchor in _anchors)
                {
                    var third = Vector128<byte>.Zero;
                    foreach (var c in anchor.Thirds) third |= Vector128.Equals(b2, Vector128.Create(c));
                    var first = anchor.First == '\\' ? backslash : Vector128.Equals(b0, Vector128.Create(anchor.First));
                    hits |= first & Vector128.Equals(b1, Vector128.Create(anchor.Second)) & third;
                }
                for (var mask = hits.ExtractMostSignificantBits(); mask != 0; mask &= mask - 1)
                    if (Candidate(bytes, at + BitOperations.TrailingZeroCount(mask))) return true;
            }
        }
        for (; at + 2 <= bytes.Length; at++)
            if (Candidate(bytes, at)) return true;
        return false;
    }

    /// <summary>Whether a needle, or a \u escape, stands at <paramref name="p"/> (as its anchor).</summary>
    private bool Candidate(ReadOnlySpan<byte> bytes, int p)
    {
        if (bytes[p] == '\\' && bytes[p + 1] == 'u') return true;
        if (p + 3 > bytes.Length || !IsAnchor(bytes, p)) return false;
        return _atLineStarts ? MatchesAt(bytes, p + 2) : EndsAt(bytes, p + 3);
    }

    private bool IsAnchor(ReadOnlySpan<byte> bytes, int p)
    {
        foreach (var anchor in _anchors)
            if (bytes[p] == anchor.First && bytes[p + 1] == anchor.Second && Array.IndexOf(anchor.Thirds, bytes[p + 2]) >= 0) return true;
        return false;
    }

    private bool MatchesAt(ReadOnlySpan<byte> bytes, int start)
    {
        foreach (var needle in _needles)
            if (bytes[start..].StartsWith(needle)) return true;
        return false;
    }

    private bool EndsAt(ReadOnlySpan<byte> bytes, int end)
    {
        foreach (var needle in _needles)
            if (bytes[..end].EndsWith(needle)) return true;
        return false;
    }

    private static string Check(string needle)
    {
        if (needle.Length < 3) throw new ArgumentException($"needle '{needle}' is shorter than its three-byte anchor");
        foreach (var c in needle)
            if (c is < ' ' or > '~' or '"' or '\\' or '/')
                throw new ArgumentException($"needle '{needle}' has a character that a JSON escape can stand for: raw bytes cannot rule it out");
        return needle;
    }

    private sealed record Anchor(byte First, byte Second, byte[] Thirds);
}
