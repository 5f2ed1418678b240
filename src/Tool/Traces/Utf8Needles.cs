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
/// How it is fast: every needle has a three-byte anchor (its last three bytes; for needles at line starts, the <c>\n</c>
/// escape and the needle's first byte). One vectorised pass flags the positions where one byte of the anchors, the
/// pivot, occurs (or a <c>\u</c>), and only those are compared. The pivot is the anchors' byte least likely in text
/// (punctuation rather than letters: the <c>:</c> of <c>Error: </c>), so flags are rare and the pass compares one or two
/// bytes per position instead of three per anchor. Searching for each needle in turn cost a pass per needle, and
/// anchors on common letters made each pass slow.
/// </para>
/// </summary>
internal sealed class Utf8Needles
{
    private readonly byte[][] _needles;
    private readonly bool _atLineStarts;

    /// <summary>The distinct three-byte anchors of the needles.</summary>
    private readonly byte[][] _anchors;

    /// <summary>Which byte of an anchor (0, 1 or 2) the vectorised pass looks for, and its values over all anchors.</summary>
    private readonly int _pivot;
    private readonly byte[] _pivotBytes;

    /// <summary>
    /// The values over all anchors of each other anchor byte with at most <see cref="MaxFilterValues"/> of them (empty:
    /// that byte is not filtered). The vectorised pass asks these too, so that a pivot common in text (the backslash of
    /// the line-start anchors, in every escape) is no candidate unless the bytes after it can start an anchor: Pi's
    /// tool outputs have an escape every few dozen bytes, and each was a call of <see cref="Candidate"/>.
    /// </summary>
    private readonly byte[][] _filterBytes = [[], [], []];

    /// <summary>More values than this at one anchor byte cost more comparisons per block than the candidates they turn away.</summary>
    private const int MaxFilterValues = 6;

    /// <summary>
    /// Whether byte value b occurs at position k (0, 1 or 2) of some anchor: entry 256 k + b. Three lookups turn away
    /// most candidates before the anchors are compared one by one. Where the pivot is common in text (the backslash of
    /// the line-start anchors, one per line of multi-line output) those comparisons were a few percent of a filter run.
    /// </summary>
    private readonly bool[] _anchorBytes = new bool[3 * 256];

    /// <param name="needles">Printable ASCII texts other than <c>" \ /</c>, at least three characters long.</param>
    /// <param name="atLineStarts">Whether only occurrences at the start of a line count.</param>
    public Utf8Needles(IEnumerable<string> needles, bool atLineStarts)
    {
        _needles = needles.Distinct(StringComparer.Ordinal).Select(Check).Select(Encoding.ASCII.GetBytes).ToArray();
        _atLineStarts = atLineStarts;
        // Plain loops: LINQ over value types has no ready-made native code and was JIT-compiled at start-up.
        var anchors = new List<byte[]>();
        foreach (var needle in _needles)
        {
            byte[] anchor = atLineStarts ? [(byte)'\\', (byte)'n', needle[0]] : needle[^3..];
            if (!anchors.Exists(a => a.AsSpan().SequenceEqual(anchor))) anchors.Add(anchor);
        }
        _anchors = [.. anchors];
        foreach (var anchor in _anchors)
            for (var k = 0; k < 3; k++) _anchorBytes[256 * k + anchor[k]] = true;
        (_pivot, _pivotBytes) = Pivot(_anchors);
        for (var k = 0; k < 3; k++)
        {
            if (k == _pivot) continue;
            var values = new List<byte>();
            foreach (var anchor in _anchors)
                if (!values.Contains(anchor[k])) values.Add(anchor[k]);
            if (values.Count <= MaxFilterValues) _filterBytes[k] = [.. values];
        }
    }

    /// <summary>
    /// The anchor byte position whose values are fewest and least common in text: each value costs a comparison per
    /// position, and each occurrence in the text a closer look.
    /// </summary>
    private static (int Position, byte[] Values) Pivot(byte[][] anchors)
    {
        (int Position, byte[] Values, int Cost) best = (0, [], int.MaxValue);
        for (var position = 0; position < 3; position++)
        {
            var values = new List<byte>();
            foreach (var anchor in anchors)
                if (!values.Contains(anchor[position])) values.Add(anchor[position]);
            var cost = 0;
            foreach (var b in values) cost += Commonness(b);
            if (cost < best.Cost) best = (position, [.. values], cost);
        }
        return (best.Position, best.Values);
    }

    // Letters and spaces are everywhere in text; a backslash starts every escape (one a line, in multi-line text);
    // capitals and digits are rarer; other punctuation rarer still.
    private static int Commonness(byte b) => b switch
    {
        >= (byte)'a' and <= (byte)'z' or (byte)' ' => 4,
        (byte)'\\' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' => 2,
        _ => 1,
    };

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
        // Candidates p: byte p + pivot is a pivot value and bytes p + k of the filtered positions are values of anchors
        // there, or bytes p, p+1 are a \u. Loads reach 2 bytes past the block.
        // The same loop twice, 256- and 128-bit: .NET has no public generic vector interface to write it once, and the
        // 128-bit loop alone measured slower on AVX2 machines.
        if (Vector256.IsHardwareAccelerated)
        {
            for (; at + Vector256<byte>.Count + 2 <= bytes.Length; at += Vector256<byte>.Count)
            {
                var b0 = Vector256.Create(bytes.Slice(at, Vector256<byte>.Count));
                var b1 = Vector256.Create(bytes.Slice(at + 1, Vector256<byte>.Count));
                var pivot = Vector256.Create(bytes.Slice(at + _pivot, Vector256<byte>.Count));
                var anchors = Vector256<byte>.Zero;
                foreach (var c in _pivotBytes) anchors |= Vector256.Equals(pivot, Vector256.Create(c));
                for (var k = 0; k < 3; k++)
                {
                    if (_filterBytes[k].Length == 0) continue;
                    var bk = Vector256.Create(bytes.Slice(at + k, Vector256<byte>.Count));
                    var inSet = Vector256<byte>.Zero;
                    foreach (var c in _filterBytes[k]) inSet |= Vector256.Equals(bk, Vector256.Create(c));
                    anchors &= inSet;
                }
                var hits = (Vector256.Equals(b0, Vector256.Create((byte)'\\')) & Vector256.Equals(b1, Vector256.Create((byte)'u'))) | anchors;
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
                var pivot = Vector128.Create(bytes.Slice(at + _pivot, Vector128<byte>.Count));
                var anchors = Vector128<byte>.Zero;
                foreach (var c in _pivotBytes) anchors |= Vector128.Equals(pivot, Vector128.Create(c));
                for (var k = 0; k < 3; k++)
                {
                    if (_filterBytes[k].Length == 0) continue;
                    var bk = Vector128.Create(bytes.Slice(at + k, Vector128<byte>.Count));
                    var inSet = Vector128<byte>.Zero;
                    foreach (var c in _filterBytes[k]) inSet |= Vector128.Equals(bk, Vector128.Create(c));
                    anchors &= inSet;
                }
                var hits = (Vector128.Equals(b0, Vector128.Create((byte)'\\')) & Vector128.Equals(b1, Vector128.Create((byte)'u'))) | anchors;
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
        if (p + 3 > bytes.Length || !_anchorBytes[bytes[p]] || !_anchorBytes[256 + bytes[p + 1]] || !_anchorBytes[512 + bytes[p + 2]]
            || !IsAnchor(bytes, p)) return false;
        return _atLineStarts ? MatchesAt(bytes, p + 2) : EndsAt(bytes, p + 3);
    }

    private bool IsAnchor(ReadOnlySpan<byte> bytes, int p)
    {
        foreach (var anchor in _anchors)
            if (bytes.Slice(p, 3).SequenceEqual(anchor)) return true;
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
}
