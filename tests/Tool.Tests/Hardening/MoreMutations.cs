using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// The mutations of <see cref="Mutations.MoreOfSeed"/>: what a crashed writer, a bad copy or a hostile user does to a
/// trace file, each a pure function of the seed bytes and the generator it is given.
/// </summary>
internal static class MoreMutations
{
    private const string Placeholder = "@@fuzz-placeholder@@";

    public static byte[] Apply(byte[] seed, string mutation, Random rng) => mutation switch
    {
        "insert-bytes" => InsertBytes(seed, rng),
        "delete-bytes" => DeleteBytes(seed, rng),
        "duplicate-line" => OnLines(seed, rng, (lines, i) => lines.Insert(i, lines[i])),
        "delete-line" => OnLines(seed, rng, (lines, i) => lines.RemoveAt(i)),
        "swap-lines" => OnLines(seed, rng, (lines, i) =>
        {
            var j = rng.Next(lines.Count);
            (lines[i], lines[j]) = (lines[j], lines[i]);
        }),
        // Two records on one line, as two writers appending at once leave them.
        "splice-lines" => OnLines(seed, rng, (lines, i) =>
        {
            if (i + 1 >= lines.Count) return;
            lines[i] = [.. lines[i], .. lines[i + 1]];
            lines.RemoveAt(i + 1);
        }),
        // A line that lost its end, continued by the next one (a writer killed mid-line, then appended to).
        "cut-inside-line" => OnLines(seed, rng, (lines, i) =>
        {
            if (i + 1 >= lines.Count || lines[i].Length == 0) return;
            lines[i] = [.. lines[i].AsSpan(0, rng.Next(lines[i].Length)), .. lines[i + 1]];
            lines.RemoveAt(i + 1);
        }),
        "swap-type" => OnJsonValue(seed, rng, node => OtherType(node, rng)),
        "deep-nesting" => OnJsonValue(seed, rng, _ => Nested(rng)),
        "huge-string" => OnJsonValue(seed, rng, _ => HugeString(rng)),
        // Cut anywhere before the end: inside the header, the deflate stream or the CRC-32 and length trailer.
        "gzip-truncate" => Gzip(seed) is var packed ? packed[..rng.Next(packed.Length)] : [],
        // The same for a .zst input: cut inside the frame header, a block, or before the last block ends.
        "zstd-truncate" => Zstd(seed) is var frame ? frame[..rng.Next(frame.Length)] : [],
        _ => throw new ArgumentException("unknown mutation " + mutation),
    };

    public static byte[] Gzip(byte[] bytes)
    {
        var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(bytes);
        return packed.ToArray();
    }

    public static byte[] Zstd(byte[] bytes)
    {
        using var compressor = new ZstdSharp.Compressor(3);
        return compressor.Wrap(bytes).ToArray();
    }

    private static byte[] InsertBytes(byte[] seed, Random rng)
    {
        var result = new List<byte>(seed);
        for (var n = 1 + rng.Next(3); n > 0; n--)
        {
            var piece = new byte[1 + rng.Next(8)];
            rng.NextBytes(piece);
            result.InsertRange(rng.Next(result.Count + 1), piece);
        }
        return [.. result];
    }

    private static byte[] DeleteBytes(byte[] seed, Random rng)
    {
        var result = new List<byte>(seed);
        for (var n = 1 + rng.Next(3); n > 0 && result.Count > 0; n--)
        {
            var at = rng.Next(result.Count);
            result.RemoveRange(at, Math.Min(1 + rng.Next(16), result.Count - at));
        }
        return [.. result];
    }

    /// <summary>The file cut at '\n' (the last piece empty when the file ends with a line end), changed at a random line, joined again.</summary>
    private static byte[] OnLines(byte[] seed, Random rng, Action<List<byte[]>, int> change)
    {
        var lines = Lines(seed);
        // The empty piece after a final line end is not a line to move.
        var count = lines.Count > 1 && lines[^1].Length == 0 ? lines.Count - 1 : lines.Count;
        if (count == 0) return seed;
        var last = lines.Count > count ? lines[^1] : null;
        if (last is not null) lines.RemoveAt(lines.Count - 1);
        change(lines, rng.Next(lines.Count));
        if (last is not null) lines.Add(last);
        return Join(lines);
    }

    public static List<byte[]> Lines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            lines.Add(bytes[start..i]);
            start = i + 1;
        }
        lines.Add(bytes[start..]);
        return lines;
    }

    private static byte[] Join(List<byte[]> lines)
    {
        var result = new List<byte>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0) result.Add((byte)'\n');
            result.AddRange(lines[i]);
        }
        return [.. result];
    }

    /// <summary>
    /// Replaces one value (any depth) of one JSON line, or of the whole document when no line is JSON (a pretty-printed
    /// <c>.traj</c>), with the raw JSON text <paramref name="replacement"/> makes. A file with no JSON is returned as is.
    /// </summary>
    private static byte[] OnJsonValue(byte[] seed, Random rng, Func<JsonNode?, string> replacement)
    {
        var lines = Lines(seed);
        var parsed = new List<(int Line, JsonNode Node)>();
        for (var i = 0; i < lines.Count; i++)
            if (TryParse(lines[i]) is { } node) parsed.Add((i, node));
        if (parsed.Count == 0)
        {
            if (TryParse(seed) is not { } whole) return seed;
            return Encoding.UTF8.GetBytes(Replace(whole, rng, replacement));
        }
        var (line, root) = parsed[rng.Next(parsed.Count)];
        lines[line] = Encoding.UTF8.GetBytes(Replace(root, rng, replacement));
        return Join(lines);
    }

    private static JsonNode? TryParse(byte[] bytes)
    {
        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Replace(JsonNode root, Random rng, Func<JsonNode?, string> replacement)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[rng.Next(nodes.Count)];
        var text = replacement(target);
        if (target == root) return text;
        var marker = JsonValue.Create(Placeholder);
        switch (target.Parent)
        {
            case JsonObject parent:
                parent[target.GetPropertyName()] = marker;
                break;
            case JsonArray parent:
                parent[target.GetElementIndex()] = marker;
                break;
        }
        return root.ToJsonString().Replace($"\"{Placeholder}\"", text, StringComparison.Ordinal);
    }

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        if (node is null) return;
        into.Add(node);
        if (node is JsonObject o)
            foreach (var (_, child) in o) Collect(child, into);
        else if (node is JsonArray a)
            foreach (var child in a) Collect(child, into);
    }

    private static readonly string[] Values = ["\"s\"", "\"\"", "0", "-1", "12345678901234567890", "1.5e300", "true", "null", "{}", "[]", "{\"x\":\"y\"}", "[1,\"a\",null]"];

    /// <summary>A value of another JSON type than <paramref name="node"/>'s (string ↔ number ↔ object ↔ array ↔ literal).</summary>
    private static string OtherType(JsonNode? node, Random rng)
    {
        var kind = node?.GetValueKind() ?? JsonValueKind.Null;
        var others = Values.Where(v => JsonDocument.Parse(v).RootElement.ValueKind != kind).ToArray();
        return others[rng.Next(others.Length)];
    }

    /// <summary>Arrays or objects nested around the documented limit (256) and far past it.</summary>
    private static string Nested(Random rng)
    {
        int[] depths = [63, 64, 65, 255, 256, 257, 1_000, 100_000];
        var depth = depths[rng.Next(depths.Length)];
        return rng.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    /// <summary>
    /// A string of 32 KiB to 1 MiB, with escapes and non-ASCII text spread through it (longer ones cost every reader
    /// time and find nothing more; the records past the size limit are <c>BigLineTests</c>' and <c>RecordLimitTests</c>').
    /// </summary>
    private static string HugeString(Random rng)
    {
        int[] sizes = [1 << 15, 1 << 18, 1 << 20];
        var size = sizes[rng.Next(sizes.Length)];
        var text = new StringBuilder(size + 2).Append('"');
        string[] pieces = ["abcdefgh", "\\n", "\\\"", "\\u00e9", "é", "😀", "\\ud83d\\ude00", " ", "\\\\"];
        while (text.Length < size) text.Append(pieces[rng.Next(pieces.Length)]);
        return text.Append('"').ToString();
    }
}
