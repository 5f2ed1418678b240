using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Steps.Dedup;

/// <summary>
/// What makes two traces "the same" for dedup (output-formats §12.5): the task, then each message's role,
/// whitespace-collapsed text and tool calls, then each action's name, arguments, input and output. Not the id, the
/// metadata, the source or timings, so a copy of a run under another id is a duplicate.
/// </summary>
internal static class ContentKey
{
    /// <summary>The first 128 bits of the SHA-256 of the canonical content: 16 bytes per trace remembered.</summary>
    public static UInt128 Digest(Trace t)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[5];
        foreach (var field in Fields(t))
        {
            var bytes = Encoding.UTF8.GetBytes(field ?? "");
            length[0] = field is null ? (byte)0 : (byte)1; // null and "" differ
            BinaryPrimitives.WriteInt32BigEndian(length[1..], bytes.Length); // length-prefixed: no field can run into the next
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        return Of(hash.GetHashAndReset());
    }

    /// <summary>The first 16 bytes of a hash as a number (big-endian).</summary>
    public static UInt128 Of(ReadOnlySpan<byte> hash) => BinaryPrimitives.ReadUInt128BigEndian(hash[..16]);

    public static UInt128 Digest(string key) => Of(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The content as one text (fields joined by newlines), for near-dedup's default key.</summary>
    public static string Text(Trace t) => string.Join("\n", Fields(t).Where(f => !string.IsNullOrEmpty(f)));

    private static IEnumerable<string?> Fields(Trace t)
    {
        yield return Collapse(t.Task);
        foreach (var m in t.Messages)
        {
            yield return m.Role.ToString();
            yield return Collapse(m.Text);
            foreach (var call in m.ToolCalls)
            {
                yield return call.Name;
                yield return Json(call.Arguments);
            }
        }
        foreach (var a in t.Actions)
        {
            yield return a.Name;
            yield return Json(a.Arguments);
            yield return a.Input;
            yield return a.Output;
        }
    }

    private static string? Json(JsonElement? value) => value is { } v ? v.GetRawText() : null;

    private static string? Collapse(string? text) =>
        text is null ? null : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
