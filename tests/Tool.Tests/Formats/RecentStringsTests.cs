using System.Text;
using System.Text.Json;
using TraceCurate.Formats;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// <see cref="RecentStrings"/> hands out a remembered string for bytes it decoded before: every value must still be
/// the text System.Text.Json decodes from those bytes (or fail as it fails), whatever was remembered before it.
/// </summary>
public sealed class RecentStringsTests
{
    [Fact]
    public void Every_value_is_the_text_System_Text_Json_decodes_and_repeats_share_one_string()
    {
        // Repeats within and past the remembered count, escaped spellings of a remembered text, non-ASCII, empty.
        string[] values = ["a", "b", "a", "c", "d", "e", "a", "\\u0061", "é", "\\u00e9", "é", "", "", "b\\nc", "b\\nc", "d"];
        var json = Encoding.UTF8.GetBytes("[" + string.Join(",", values.Select(v => "\"" + v + "\"")) + "]");
        var recent = new RecentStrings(4);
        var scanner = new JsonScanner(json);
        var reference = new Utf8JsonReader(json);
        Assert.True(scanner.Read() && reference.Read());
        var got = new List<string>();
        while (scanner.Read() && scanner.TokenType == JsonTokenType.String)
        {
            Assert.True(reference.Read());
            got.Add(recent.Get(ref scanner, json));
            Assert.Equal(reference.GetString(), got[^1]);
        }
        Assert.Equal(values.Length, got.Count);
        Assert.Same(got[0], got[2]); // "a" twice, two values apart: remembered
        Assert.NotSame(got[0], got[6]); // four other values in between: forgotten, decoded again
        Assert.Same(got[8], got[10]); // "é" as UTF-8 both times
        Assert.NotSame(got[8], got[9]); // the escaped spelling is decoded, never matched by its bytes
    }

    [Fact]
    public void A_value_that_is_not_UTF8_fails_every_time_it_is_read()
    {
        byte[] json = [.. "[\""u8, 0xFF, .. "\",\""u8, 0xFF, .. "\"]"u8];
        var recent = new RecentStrings(4);
        var scanner = new JsonScanner(json);
        Assert.True(scanner.Read());
        for (var i = 0; i < 2; i++)
        {
            Assert.True(scanner.Read());
            try
            {
                recent.Get(ref scanner, json);
                Assert.Fail("bytes that are not UTF-8 decoded");
            }
            catch (InvalidOperationException)
            {
                // as Utf8JsonReader.GetString fails on them
            }
        }
    }

    [Fact]
    public void Optional_reads_null_and_refuses_another_type()
    {
        var json = "[null,1]"u8.ToArray();
        var recent = new RecentStrings(2);
        var scanner = new JsonScanner(json);
        Assert.True(scanner.Read());
        Assert.True(recent.Optional(ref scanner, json, out var none));
        Assert.Null(none);
        Assert.False(recent.Optional(ref scanner, json, out _));
    }
}
