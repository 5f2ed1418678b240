using System.Buffers;
using System.Text;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// Whether a JSON string's bytes, as a record holds them, are exactly what the outputs' writer
/// (<see cref="TraceJsonWriter.Options"/>) writes for the decoded text, so that a chat writer can copy them instead of
/// decoding the text to UTF-16 and escaping it back (<see cref="ChatCall.WriteOutput"/>). <see cref="Utf8JsonText"/>'s
/// own check answers only for printable ASCII; Claude Code's outputs are mostly not (the Read tool numbers every line
/// with an arrow, U+2192), and decoding and re-escaping them was the largest part of rendering an OpenAI record. Here
/// the writer's encoder itself says which characters it would leave as they are
/// (<see cref="System.Text.Encodings.Web.TextEncoder.WillEncode"/>, asked once per printable ASCII byte and once per
/// non-ASCII character; its own <c>FindFirstCharacterToEncodeUtf8</c> per run between escapes was slower than the
/// decode it saved): every character must be left whole, and the escapes must be the ones the encoder
/// writes itself (<c>\"</c> <c>\\</c> <c>\n</c> <c>\r</c> <c>\t</c>; any other escape, such as <c>\u00e9</c> or
/// <c>\/</c>, is another spelling than the writer's and answers false). Bytes that are not UTF-8 are never left whole.
/// </summary>
internal static class WriterVerbatim
{
    private static readonly System.Text.Encodings.Web.JavaScriptEncoder Encoder =
        TraceJsonWriter.Options.Encoder ?? throw new InvalidOperationException("the outputs' writer names its encoder");

    /// <summary>The printable ASCII bytes the encoder leaves as they are (backslash excluded: it starts an escape).</summary>
    private static readonly SearchValues<byte> Plain = PlainBytes();

    private static SearchValues<byte> PlainBytes()
    {
        var plain = new List<byte>(); // a loop, not LINQ over ints, which would be JIT-compiled in every run
        for (var b = 0x20; b < 0x7F; b++)
            if (b != '\\' && !Encoder.WillEncode(b)) plain.Add((byte)b);
        return SearchValues.Create(plain.ToArray());
    }

    public static bool Holds(ReadOnlySpan<byte> inner)
    {
        while (true)
        {
            // Plain ASCII in one vectorised step; then an escape, or a non-ASCII character the encoder is asked about.
            var next = inner.IndexOfAnyExcept(Plain);
            if (next < 0) return true;
            inner = inner[next..];
            if (inner[0] == (byte)'\\')
            {
                if (inner.Length < 2 || inner[1] is not ((byte)'"' or (byte)'\\' or (byte)'n' or (byte)'r' or (byte)'t')) return false;
                inner = inner[2..];
                continue;
            }
            if (inner[0] < 0x80) return false; // a control byte, DEL or a quote: the writer escapes them
            if (Rune.DecodeFromUtf8(inner, out var rune, out var length) != OperationStatus.Done || Encoder.WillEncode(rune.Value)) return false;
            inner = inner[length..];
        }
    }
}
