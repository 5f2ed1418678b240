namespace TraceCurate.Formats;

/// <summary>
/// Zstandard-compressed inputs (Codex 0.137+ writes rollouts as <c>.jsonl.zst</c>), read like <c>.gz</c>: the magic
/// bytes <c>28 B5 2F FD</c> decide, not the name, and the content is decompressed as it streams (ZstdSharp, managed
/// code, so no system library is needed).
/// </summary>
public static class ZstdInput
{
    public static bool IsZstd(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16);
        Span<byte> magic = stackalloc byte[4];
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]);
    }

    public static Stream Decompress(Stream raw) => new ZstdSharp.DecompressionStream(raw);

    /// <summary>The file name without a compression suffix (<c>.gz</c>, <c>.zst</c>): the name of the content inside.</summary>
    public static string WithoutCompressionSuffix(string name) =>
        name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3]
        : name.EndsWith(".zst", StringComparison.OrdinalIgnoreCase) ? name[..^4]
        : name;
}
