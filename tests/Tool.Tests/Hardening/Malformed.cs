using System.Text;
using System.Text.Json;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Decides, without any of the tool's readers, whether a fuzzed input is damaged, so that the fuzz oracle can require a
/// diagnostic for it. Damaged means one of: a cut compressed stream (known from the mutation: every cut before its last
/// byte loses the trailer), bytes that are not UTF-8, or JSON text that neither parses as one document nor line by line
/// (System.Text.Json's <see cref="JsonDocument"/> with default options except the documented nesting limit, 256).
/// Binary content other than a cut gzip or zstd stream (Parquet) and a gzip stream with flipped bytes are not judged: only the crash and
/// hang checks apply to them.
/// </summary>
internal static class Malformed
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 256 };

    /// <summary>Why <paramref name="bytes"/> are damaged, or null when they are well formed or not judged.</summary>
    public static string? Why(byte[] bytes, string mutation)
    {
        if (mutation is "gzip-truncate" or "zstd-truncate") return bytes.Length == 0 ? null : "the compressed stream is cut before its end";
        if (bytes.AsSpan().StartsWith("PAR1"u8) || bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b]) ||
            bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD])) return null;
        var text = bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsMemory(3) : bytes.AsMemory();
        try
        {
            StrictUtf8.GetCharCount(text.Span);
        }
        catch (DecoderFallbackException e)
        {
            return $"invalid UTF-8 at byte {e.Index}";
        }
        if (Parses(text)) return null;
        var line = 0;
        var start = 0;
        var span = text.Span;
        while (start <= span.Length)
        {
            line++;
            var end = span[start..].IndexOf((byte)'\n');
            var piece = text.Slice(start, end < 0 ? span.Length - start : end);
            if (piece.Span.EndsWith("\r"u8)) piece = piece[..^1];
            if (piece.Span.IndexOfAnyExcept(" \t\r"u8) >= 0 && !Parses(piece, out var why)) return $"line {line} is not JSON ({why})";
            if (end < 0) break;
            start += end + 1;
        }
        return null;
    }

    private static bool Parses(ReadOnlyMemory<byte> json) => Parses(json, out _);

    private static bool Parses(ReadOnlyMemory<byte> json, out string? why)
    {
        why = null;
        if (json.Span.IndexOfAnyExcept(" \t\r\n"u8) < 0) return false;
        try
        {
            using var _ = JsonDocument.Parse(json, Strict);
            return true;
        }
        catch (JsonException e)
        {
            why = e.Message;
            return false;
        }
    }
}
