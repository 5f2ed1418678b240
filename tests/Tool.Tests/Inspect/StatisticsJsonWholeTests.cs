using System.Text.Json;
using TraceCurate.Inspect;

namespace TraceCurate.Tests.Inspect;

/// <summary>
/// <c>inspect --json</c> writes a whole figure below 10^15 as an integer instead of formatting the double
/// (<see cref="StatisticsJson.Rounded"/>). The reference is the writer's own form of the rounded double: the two must
/// be the same bytes for whole values, around the 10^15 edge where the writer's form takes an exponent, for negative
/// zero, and for values that are not whole.
/// </summary>
public sealed class StatisticsJsonWholeTests
{
    private static List<double> Values()
    {
        var values = new List<double>
        {
            0.0, -0.0, 1, -1, 2, 5000, 65000, 0.5, 0.33333333, 0.12345, 0.99995, 1.00004, 123.456789, -7.25,
            1e14, 1e14 + 1, 999_999_999_999_999, -999_999_999_999_999, 1e15, -1e15, 1e15 + 2, 1e16, 9_007_199_254_740_992,
            1e300, -1e300, 1e-5, 4.9e-324, long.MaxValue, long.MinValue, double.MaxValue, double.MinValue,
        };
        var random = new Random(27);
        for (var i = 0; i < 200; i++)
        {
            values.Add(Math.Floor(random.NextDouble() * Math.Pow(10, random.Next(0, 17))) * (random.Next(2) == 0 ? 1 : -1));
            values.Add(random.NextDouble() * Math.Pow(10, random.Next(-6, 17)));
        }
        return values;
    }

    [Fact]
    public void A_figure_is_written_as_the_writer_writes_its_rounded_double()
    {
        foreach (var value in Values())
        {
            var rounded = Math.Round(value, 4, MidpointRounding.AwayFromZero);
            Assert.Equal(Written(w => w.WriteNumber("x", rounded)), Written(w => StatisticsJson.Rounded(w, JsonEncodedText.Encode("x"), value)));
        }
        Assert.Equal("-0", Written(w => StatisticsJson.Rounded(w, JsonEncodedText.Encode("x"), -0.0)).Split(": ")[1].Split('\n')[0].TrimEnd());
    }

    private static string Written(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = StatisticsJson.NewWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
