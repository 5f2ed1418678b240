using System.Text.Json;
using TraceCurate.Steps;

namespace TraceCurate.Tests.Pipeline.Steps;

public sealed class KeyTextTests
{
    [Fact]
    public void Numbers_use_the_invariant_culture_and_round_trip()
    {
        Assert.Equal("0.1", KeyText.Of(0.1));
        Assert.Equal("-12345678901", KeyText.Of(-12345678901L));
        Assert.Equal("1.5", KeyText.Of(1.5m));
    }

    [Fact]
    public void Null_differs_from_every_string_including_empty_and_the_word_null()
    {
        Assert.NotEqual(KeyText.Of(null), KeyText.Of(""));
        Assert.NotEqual(KeyText.Of(null), KeyText.Of("null"));
        Assert.Equal(KeyText.Of(null), KeyText.Of((string?)null));
    }

    [Fact]
    public void Tuples_and_lists_are_element_wise_so_their_parts_cannot_run_together()
    {
        Assert.Equal(KeyText.Of(("a", 1)), KeyText.Of(("a", 1)));
        Assert.NotEqual(KeyText.Of(("ab", "c")), KeyText.Of(("a", "bc")));
        Assert.NotEqual(KeyText.Of(new[] { "ab", "c" }), KeyText.Of(new[] { "a", "bc" }));
    }

    [Fact]
    public void A_JSON_string_reads_as_its_text_and_other_JSON_as_its_spelling()
    {
        using var doc = JsonDocument.Parse("""{"s": "x", "n": 12, "o": {"a": 1}}""");
        Assert.Equal("x", KeyText.Of(doc.RootElement.GetProperty("s")));
        Assert.Equal("12", KeyText.Of(doc.RootElement.GetProperty("n")));
        Assert.Equal("""{"a": 1}""", KeyText.Of(doc.RootElement.GetProperty("o")));
    }
}
