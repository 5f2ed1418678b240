namespace TraceCurate.Formats;

/// <summary>
/// Zstandard-compressed inputs (Codex 0.137+ writes rollouts as <c>.jsonl.zst</c>), read like <c>.gz</c>: the magic
/// bytes <c>28 B5 2F FD</c> decide, not the name, and the content is decompressed as it streams (ZstdSharp, managed
/// code, so no system library is needed).
/// </summary>
public static class ZstdInput
{
    /// <summary>By the magic bytes, through the detector so that a pipe's first bytes are peeked, not taken.</summary>
    public static bool IsZstd(string path) => FormatDetector.HasMagic(path, Magic);

    /// <summary>A zstd frame's first four bytes.</summary>
    internal static ReadOnlySpan<byte> Magic => [0x28, 0xB5, 0x2F, 0xFD];

    public static Stream Decompress(Stream raw) => new ZstdSharp.DecompressionStream(raw);

    /// <summary>The file name without a compression suffix (<c>.gz</c>, <c>.zst</c>): the name of the content inside.</summary>
    public static string WithoutCompressionSuffix(string name) =>
        name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3]
        : name.EndsWith(".zst", StringComparison.OrdinalIgnoreCase) ? name[..^4]
        : name;
}
