using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TraceCurate.Traces;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Traces;

/// <summary>
/// Outputs lent to the classifier are decoded without a second JSON reader pass: the text must be exactly what
/// System.Text.Json decodes, for every kind of escape the writers of trace files produce.
/// </summary>
public sealed class Utf8JsonTextTests
{
    private static readonly JsonSerializerOptions Strict = new() { Encoder = JavaScriptEncoder.Default };
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Texts => new()
    {
        "plain ascii, no escapes at all",
        "line one\nline two\r\nTraceback (most recent call last):\n  File \"x.py\", line 1\nNameError: x",
        "quotes \" and backslashes \\ and a slash / and tabs\tand \b\f controls \u0001\u001f",
        "non-ASCII: héllo wörld, 中文, emoji 😀 and 𝄞 (surrogate pairs)",
        "<tag attr='x'>&amp; +plus `tick`</tag>",
        "\\u0041 written out, not an escape",
        "",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Lent_text_equals_what_System_Text_Json_decodes_whichever_escaping_wrote_it(string text)
    {
        foreach (var options in new[] { Strict, Relaxed })
        {
            var quoted = JsonSerializer.SerializeToUtf8Bytes(text, options);
            var escaped = quoted.AsSpan().Contains((byte)'\\');
            var value = new Utf8JsonText(quoted, escaped);
            using var lease = value.Lend();
            Assert.Equal(text, lease.Span.ToString());
            Assert.Equal(text, value.Decode());
        }
    }

    [Fact]
    public void Random_texts_round_trip_through_the_direct_unescape()
    {
        var random = new Random(11);
        var pool = "ab \"\\/\n\r\t\b\f\u0000\u0007é中😀<>&'+`".EnumerateRunes().ToArray();
        for (var i = 0; i < 500; i++)
        {
            var text = new StringBuilder();
            for (var k = random.Next(0, 200); k > 0; k--) text.Append(pool[random.Next(pool.Length)].ToString());
            var quoted = JsonSerializer.SerializeToUtf8Bytes(text.ToString(), i % 2 == 0 ? Strict : Relaxed);
            var inner = quoted.AsSpan(1, quoted.Length - 2);
            var output = new char[Math.Max(1, inner.Length)];
            var n = Utf8JsonText.Unescape(inner, output);
            Assert.Equal(text.ToString(), new string(output, 0, n));
            Assert.Equal(text.ToString(), new Utf8JsonText(quoted, inner.Contains((byte)'\\')).Decode());
        }
    }

    [Fact]
    public void Escaped_text_that_is_not_UTF8_fails_to_decode_as_the_reader_fails()
    {
        var quoted = new byte[] { (byte)'"', (byte)'a', (byte)'\\', (byte)'n', 0xFF, (byte)'b', (byte)'"' };
        var expected = Assert.ThrowsAny<Exception>(() => { var reader = new Utf8JsonReader(quoted); reader.Read(); reader.GetString(); });
        var actual = Assert.ThrowsAny<Exception>(() => new Utf8JsonText(quoted, escaped: true).Decode());
        Assert.Equal(expected.GetType(), actual.GetType());
    }

    [Fact]
    public void A_lone_surrogate_escape_is_left_to_the_reader_which_refuses_it_as_before()
    {
        var quoted = "\"ab\\ud800cd\""u8.ToArray();
        Assert.Equal(-1, Utf8JsonText.Unescape(quoted.AsSpan(1, quoted.Length - 2), new char[16]));
        var lowFirst = "\"\\udc00\""u8.ToArray();
        Assert.Equal(-1, Utf8JsonText.Unescape(lowFirst.AsSpan(1, lowFirst.Length - 2), new char[16]));
        Assert.Throws<InvalidOperationException>(() => new Utf8JsonText(quoted, escaped: true).Lend().Dispose());
    }

    [Fact]
    public void Bytes_called_verbatim_are_exactly_what_the_output_writer_makes_of_the_decoded_text()
    {
        // Texts over every printable ASCII character and the characters writers escape, each written three ways: the
        // strict and relaxed encoders, and a hand escaper that also uses \u and \/ where it may. Whenever the check says
        // verbatim, copying the bytes must give what writing the decoded string gives.
        var random = new Random(17);
        var printable = Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).ToArray();
        var others = "\n\r\t\b\f\u0000\u001f\u007fé中\u2028".ToCharArray(); // no surrogates: a lone one is not text
        var (verbatim, not) = (0, 0);
        for (var i = 0; i < 3000; i++)
        {
            var text = new StringBuilder();
            for (var k = random.Next(0, 60); k > 0; k--)
                text.Append(random.Next(8) == 0 ? others[random.Next(others.Length)] : printable[random.Next(printable.Length)]);
            var quoted = (i % 3) switch
            {
                0 => JsonSerializer.SerializeToUtf8Bytes(text.ToString(), Strict),
                1 => JsonSerializer.SerializeToUtf8Bytes(text.ToString(), Relaxed),
                _ => JsonStringSpellings.HandEscaped(text.ToString(), random),
            };
            var value = new Utf8JsonText(quoted, quoted.AsSpan(1, quoted.Length - 2).Contains((byte)'\\'));
            if (!value.IsWriterVerbatim()) { not++; continue; }
            verbatim++;
            Assert.Equal(Encoding.UTF8.GetString(JsonStringSpellings.WrittenByOutputs(value.Decode())), Encoding.UTF8.GetString(quoted));
        }
        // Both answers occur often, so the comparison above is not vacuous and the fast path is really taken.
        Assert.True(verbatim > 300, $"{verbatim} verbatim");
        Assert.True(not > 300, $"{not} not verbatim");
    }

    [Theory]
    [InlineData("plain", true)]
    [InlineData("quote \\\" slash \\\\ lines \\n\\r tab \\t <&'+`>", true)]
    [InlineData("\\u0041 is A", false)] // the writer writes A
    [InlineData("a \\/ slash", false)] // the writer writes /
    [InlineData("a \\b bell", false)] // not one of the writer's own escapes: left to the slow path
    [InlineData("caf\u00e9", false)] // non-ASCII: the relaxed encoder leaves some raw and escapes others
    [InlineData("del \u007f", false)]
    public void Verbatim_means_printable_ASCII_with_only_the_writers_own_escapes(string inner, bool expected)
    {
        var quoted = Encoding.UTF8.GetBytes("\"" + inner + "\"");
        Assert.Equal(expected, new Utf8JsonText(quoted, inner.Contains('\\')).IsWriterVerbatim());
    }


}
