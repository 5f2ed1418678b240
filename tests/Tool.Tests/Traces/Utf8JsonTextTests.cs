using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TraceCurate.Traces;

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
}
