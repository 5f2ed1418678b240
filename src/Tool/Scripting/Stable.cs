using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TraceCurate.Scripting;

/// <summary>
/// Hashes for snippets that are the same on every run, machine and .NET version, unlike <c>string.GetHashCode</c>
/// (randomised per process, so the guard refuses it). Part of the snippet API as <c>Stable</c> (docs/safety.md): the
/// first 8 bytes of SHA-256 over the UTF-8 text, big-endian, the same construction as the sampling steps, so anyone can
/// recompute it (Python: <c>int.from_bytes(hashlib.sha256(s.encode()).digest()[:8], "big")</c>).
/// </summary>
public static class Stable
{
    /// <summary>A 64-bit hash of the text, the same wherever and whenever it is computed.</summary>
    public static ulong Hash(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text), "Stable.Hash got null; pass a string, e.g. t.Cwd ?? \"\"");
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var utf8 = length <= 512 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(text, utf8);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(utf8[..written], digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }

    /// <summary>The hash as a number in [0, 1): <c>Stable.Unit(t.Id) &lt; 0.1</c> keeps a repeatable tenth of the traces.</summary>
    public static double Unit(string text) => (Hash(text) >> 11) * (1.0 / (1UL << 53));
}
