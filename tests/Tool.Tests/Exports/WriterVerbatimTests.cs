using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TraceCurate.Exports;
using TraceCurate.Traces;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// <see cref="WriterVerbatim"/> lets a chat writer copy an output's record bytes. Whenever it says so, the bytes must be
/// what the outputs' writer writes for the decoded text (the reference: <see cref="Utf8JsonWriter"/> with
/// <see cref="TraceJsonWriter.Options"/> over the string <see cref="Utf8JsonReader"/> decodes), for texts over the
/// characters encoders treat differently: controls, DEL, quotes, Latin and CJK letters, arrows, line and paragraph
/// separators, format characters, private use, unassigned and non-characters, and characters outside the BMP; each
/// written the ways trace files are: as Node's JSON.stringify writes (raw UTF-8, Claude Code), by the strict and relaxed
/// encoders, and by a hand escaper that also uses \u and \/ where it may.
/// </summary>
public sealed class WriterVerbatimTests
{
    private static readonly JsonSerializerOptions Strict = new() { Encoder = JavaScriptEncoder.Default };
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Others =
    [
        "\n", "\r", "\t", "\b", "\f", "\u0000", "\u001f", "\u007f", "\u0085", "\u00a0", "\u00e9", "\u4e2d", "\u2192",
        "\u2028", "\u2029", "\u200b", "\ufeff", "\ue000", "\u0378", "\ufffd", "\uffff", "\U0001F600", "\U00010000", "\"", "\\",
        "<", "&", "'", "+", "`", "/",
    ];

    private static readonly string[] Printable = Enumerable.Range(0x20, 0x7F - 0x20).Select(c => ((char)c).ToString()).ToArray();

    [Fact]
    public void Bytes_said_to_be_verbatim_are_what_the_writer_makes_of_the_decoded_text()
    {
        var random = new Random(27);
        var (verbatim, not, nonAsciiVerbatim) = (0, 0, 0);
        for (var i = 0; i < 8000; i++)
        {
            var text = new StringBuilder();
            for (var k = random.Next(0, 40); k > 0; k--)
                text.Append(random.Next(5) == 0 ? Others[random.Next(Others.Length)] : Printable[random.Next(Printable.Length)]);
            var quoted = (i % 4) switch
            {
                0 => JsonStringSpellings.NodeStringify(text.ToString()),
                1 => JsonSerializer.SerializeToUtf8Bytes(text.ToString(), Strict),
                2 => JsonSerializer.SerializeToUtf8Bytes(text.ToString(), Relaxed),
                _ => JsonStringSpellings.HandEscaped(text.ToString(), random),
            };
            var inner = quoted.AsSpan(1, quoted.Length - 2);
            if (!WriterVerbatim.Holds(inner)) { not++; continue; }
            verbatim++;
            if (inner.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0) nonAsciiVerbatim++;
            Assert.Equal(Encoding.UTF8.GetString(JsonStringSpellings.WrittenByOutputs(Decoded(quoted))), Encoding.UTF8.GetString(quoted));
        }
        // Each answer occurs often, non-ASCII texts among the verbatim ones, so the comparison above is not vacuous.
        Assert.True(verbatim > 1000, $"{verbatim} verbatim");
        Assert.True(nonAsciiVerbatim > 150, $"{nonAsciiVerbatim} verbatim with non-ASCII bytes");
        Assert.True(not > 1000, $"{not} not verbatim");
    }

    [Theory]
    [InlineData("plain", true)]
    [InlineData("quote \\\" slash \\\\ lines \\n\\r tab \\t <&'+`>", true)]
    [InlineData("caf\u00e9 \u4e2d \u2192 arrows", true)] // the relaxed encoder leaves these as they are
    [InlineData("\\u0041 is A", false)] // the writer writes A
    [InlineData("a \\/ slash", false)] // the writer writes /
    [InlineData("a \\b bell", false)] // the writer does write \b, but this check only knows the five escapes it relies on
    [InlineData("emoji \U0001F600", false)] // the writer escapes characters outside the BMP as surrogate pairs
    [InlineData("line \u2028 separator", false)]
    [InlineData("del \u007f", false)]
    public void Examples(string inner, bool expected)
    {
        Assert.Equal(expected, WriterVerbatim.Holds(Encoding.UTF8.GetBytes(inner)));
        var quoted = Encoding.UTF8.GetBytes("\"" + inner + "\"");
        if (expected) Assert.Equal(quoted, JsonStringSpellings.WrittenByOutputs(Decoded(quoted))); // the reference agrees (a false may be cautious)
    }

    [Fact]
    public void A_text_written_by_TryWriteString_is_what_the_writer_writes_for_it()
    {
        // Compact JSON texts (OpenAI's arguments) and plain texts over the same characters, as UTF-8; the reference is
        // the writer's own WriteString of the same bytes, in an object with a property before and after.
        var random = new Random(28);
        var (written, refused) = (0, 0);
        for (var i = 0; i < 6000; i++)
        {
            var text = new StringBuilder();
            for (var k = random.Next(0, 40); k > 0; k--)
                text.Append(random.Next(5) == 0 ? Others[random.Next(Others.Length)] : Printable[random.Next(Printable.Length)]);
            var utf8 = i % 2 == 0
                ? Written(new Dictionary<string, object> { ["command"] = text.ToString(), ["n"] = i, ["flags"] = new[] { "a\"b", text.ToString() } })
                : Encoding.UTF8.GetBytes(text.ToString());
            var expected = JsonStringSpellings.InObject(w => w.WriteString("arguments", utf8));
            var wrote = false;
            var actual = JsonStringSpellings.InObject(w => wrote = WriterVerbatim.TryWriteString(w, "arguments", utf8));
            if (!wrote)
            {
                refused++;
                Assert.Equal("{\"before\":1,\"after\":2}", actual); // nothing written when refused
                continue;
            }
            written++;
            Assert.Equal(expected, actual);
        }
        Assert.True(written > 1000, $"{written} written");
        Assert.True(refused > 300, $"{refused} refused");
    }

    [Fact]
    public void A_string_written_by_WriteString_is_what_the_writer_writes_for_it()
    {
        // Chat texts (messages, decoded outputs) over the same characters, lone surrogates and long lines among them;
        // the reference is the writer's own WriteString of the same string, in an object with a property before and after.
        var random = new Random(29);
        string[] loneSurrogates = ["\ud800", "\udbff", "\udc00", "\udfff"];
        var (fast, fastWithEscapedCharacter, slow) = (0, 0, 0);
        for (var i = 0; i < 6000; i++)
        {
            var text = new StringBuilder();
            for (var k = random.Next(0, i % 10 == 0 ? 400 : 40); k > 0; k--)
                text.Append(random.Next(5) != 0 ? Printable[random.Next(Printable.Length)]
                    : random.Next(40) == 0 ? loneSurrogates[random.Next(loneSurrogates.Length)] : Others[random.Next(Others.Length)]);
            var value = text.ToString();
            Assert.Equal(JsonStringSpellings.InObject(w => w.WriteString("content", value)),
                JsonStringSpellings.InObject(w => WriterVerbatim.WriteString(w, "content", value)));
            // Which path it took, asked independently: valid UTF-16 that TryWriteString takes is the fast path.
            var valid = System.Text.Unicode.Utf8.FromUtf16(value, new byte[value.Length * 3], out _, out var n, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done;
            if (valid && JsonStringSpellings.InObject(w => WriterVerbatim.TryWriteString(w, "content", Encoding.UTF8.GetBytes(value))) != "{\"before\":1,\"after\":2}")
            {
                fast++;
                if (value.Contains("\U0001F600") || value.Contains("\u2028") || value.Contains("\u0085")) fastWithEscapedCharacter++;
            }
            else slow++;
        }
        Assert.Equal("{\"before\":1,\"content\":null,\"after\":2}", JsonStringSpellings.InObject(w => WriterVerbatim.WriteString(w, "content", null)));
        // Both paths occur often, and the fast one with characters the encoder escapes, so the comparison is not vacuous.
        Assert.True(fast > 1000, $"{fast} fast");
        Assert.True(fastWithEscapedCharacter > 300, $"{fastWithEscapedCharacter} fast with a character the encoder escapes");
        Assert.True(slow > 1000, $"{slow} left to the writer");
    }

    private static byte[] Written(object value) => JsonSerializer.SerializeToUtf8Bytes(value, new JsonSerializerOptions { Encoder = TraceJsonWriter.Options.Encoder });

    [Fact]
    public void Bytes_that_are_not_UTF8_are_never_verbatim()
    {
        Assert.False(WriterVerbatim.Holds([(byte)'a', 0xFF, (byte)'b']));
        Assert.False(WriterVerbatim.Holds([(byte)'a', 0xE2, 0x86])); // a sequence cut short
        Assert.False(WriterVerbatim.Holds([(byte)'a', (byte)'\\'])); // an escape cut short
    }

    private static string Decoded(byte[] quoted)
    {
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        return reader.GetString()!;
    }
}
