using System.Text;
using System.Text.Json;
using TraceCurate.Formats;

namespace TraceCurate.Tests.Formats;

public sealed class LazyJsonTests
{
    [Theory]
    [InlineData("plain ascii text that is long enough to be decoded lazily rather than at once, really quite long")]
    [InlineData("escapes: \"quoted\", back\\slash, new\nline, tab\t, unicode é ✓ 😀 and a long tail to pass the eager threshold")]
    [InlineData("short")]
    public void Lazy_string_decodes_to_what_the_json_says(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { pad = "xx", s = value, n = 1 }));
        using var doc = JsonDocument.Parse(bytes.AsMemory());

        var lazy = LazyJson.String(bytes, doc.RootElement, "s");

        Assert.Equal(value, lazy());
    }

    [Fact]
    public void Lazy_element_is_a_copy_that_outlives_the_document()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"meta\": {\"a\": {\"b\": [1, 2, \"three\"]}}, \"x\": 1}");
        Func<JsonElement?> lazy;
        using (var doc = JsonDocument.Parse(bytes.AsMemory())) lazy = LazyJson.Element(bytes, doc.RootElement, "meta");

        Assert.Equal("three", lazy()!.Value.GetProperty("a").GetProperty("b")[2].GetString());
    }

    [Fact]
    public void A_wrong_type_is_still_reported_when_the_record_is_parsed()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"s\": 42}");
        using var doc = JsonDocument.Parse(bytes.AsMemory());

        Assert.Throws<TraceCurate.Diagnostics.BadRecordException>(() => LazyJson.String(bytes, doc.RootElement, "s"));
    }

    [Fact]
    public void Records_with_lazy_fields_compare_by_value()
    {
        var eager = new TraceCurate.Traces.Action { Name = "bash", Output = "same text" };
        var lazy = new TraceCurate.Traces.Action { Name = "bash", LazyOutput = () => "same text" };

        Assert.Equal(eager, lazy);
        Assert.Equal("changed", (lazy with { Output = "changed" }).Output);
        Assert.Equal("same text", lazy.Output);
    }
}
