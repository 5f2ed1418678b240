using System.Text;
using System.Text.Json;
using TraceCurate.Formats;

namespace TraceCurate.Tests.Formats;

public sealed class LazyJsonTests
{
    [Fact]
    public void A_lazy_element_is_parsed_on_first_read_into_a_copy_that_outlives_the_record()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"a\": {\"b\": [1, 2, \"three\"]}}");
        var lazy = new LazyJson.Element(bytes);

        Assert.False(lazy.IsComputed);
        var value = lazy.Value;
        Array.Clear(bytes); // the record's buffer is reused once its batch is written
        Assert.True(lazy.IsComputed);
        Assert.Equal("three", value!.Value.GetProperty("a").GetProperty("b")[2].GetString());
        Assert.Equal("three", lazy.Value!.Value.GetProperty("a").GetProperty("b")[2].GetString());
    }

    [Theory]
    [InlineData("{\"code\": \"print(1)\"}", "print(1)")]
    [InlineData("{\"code\": \"a\\nb \\u00e9\"}", "a\nb é")]
    [InlineData("not json", null)]
    public void A_string_holding_json_is_parsed_from_its_decoded_text(string text, string? code)
    {
        var quoted = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(text));

        var parsed = new LazyJson.ParsedString(new TraceCurate.Traces.Utf8JsonText(quoted, escaped: quoted.AsSpan().IndexOf((byte)'\\') >= 0)).Value;

        Assert.Equal(code, parsed?.GetProperty("code").GetString());
    }

    [Fact]
    public void A_deferred_field_computes_its_lazy_value_once_and_reports_it_pending_until_then()
    {
        var computed = 0;
        var field = TraceCurate.Traces.Deferred<string?>.Lazy(() => $"value {++computed}");

        Assert.NotNull(field.Pending);
        Assert.Equal("value 1", field.Value);
        Assert.Equal("value 1", field.Value);
        Assert.Null(field.Pending);
        Assert.Equal(1, computed);
        Assert.Null(default(TraceCurate.Traces.Deferred<string?>).Value);
        Assert.Null(TraceCurate.Traces.Deferred<string?>.Of("x").Pending);
        // Null without working anything out: no value and no lazy value, whatever a lazy value would give.
        Assert.True(default(TraceCurate.Traces.Deferred<string?>).IsNull);
        Assert.True(TraceCurate.Traces.Deferred<string?>.Of(null).IsNull);
        Assert.False(TraceCurate.Traces.Deferred<string?>.Of("").IsNull);
        Assert.False(TraceCurate.Traces.Deferred<string?>.Lazy(() => null).IsNull);
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
