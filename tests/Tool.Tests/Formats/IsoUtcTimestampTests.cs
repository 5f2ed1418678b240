using System.Globalization;
using System.Text;
using TraceCurate.Formats;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// <see cref="IsoUtcTimestamp"/> against the parse it stands in for (<see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>,
/// invariant culture, assumed and adjusted to UTC): whatever it accepts must be the same instant and offset; what it
/// refuses goes to that parse, so it need not accept everything, but it must accept the shape agents write.
/// </summary>
public sealed class IsoUtcTimestampTests
{
    private static DateTimeOffset? Reference(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    private static bool Ours(string text, out DateTimeOffset time) => IsoUtcTimestamp.TryParse(Encoding.UTF8.GetBytes(text), out time);

    [Theory]
    [InlineData("2025-06-01T12:34:56.789Z")]
    [InlineData("2025-06-01T12:34:56Z")]
    [InlineData("2025-06-01T00:00:00.1Z")]
    [InlineData("2025-12-31T23:59:59.9999999Z")]
    [InlineData("2024-02-29T10:00:00.000Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.1234567Z")]
    public void The_shape_agents_write_is_read_as_the_general_parse_reads_it(string text)
    {
        Assert.True(Ours(text, out var time));
        var expected = Reference(text);
        Assert.NotNull(expected);
        Assert.Equal(expected.Value.UtcTicks, time.UtcTicks);
        Assert.Equal(expected.Value.Offset, time.Offset);
    }

    [Theory]
    [InlineData("2025-02-29T10:00:00Z")] // no such day
    [InlineData("2100-02-29T10:00:00Z")]
    [InlineData("2025-04-31T10:00:00Z")]
    [InlineData("2025-13-01T10:00:00Z")]
    [InlineData("2025-00-01T10:00:00Z")]
    [InlineData("2025-06-00T10:00:00Z")]
    [InlineData("2025-06-01T24:00:00Z")]
    [InlineData("2025-06-01T12:60:00Z")]
    [InlineData("2025-06-01T12:34:60Z")]
    [InlineData("0000-06-01T12:34:56Z")]
    [InlineData("2025-06-01T12:34:56.12345678Z")] // eight digits: the general parse rounds
    [InlineData("2025-06-01T12:34:56.Z")]
    [InlineData("2025-06-01T12:34:56z")]
    [InlineData("2025-06-01t12:34:56Z")]
    [InlineData("2025-06-01 12:34:56Z")]
    [InlineData("2025-06-01T12:34:56+00:00")]
    [InlineData("2025-06-01T12:34:56.789+02:00")]
    [InlineData("2025-06-01T12:34:56")]
    [InlineData("2025-6-01T12:34:56Z")]
    [InlineData("2025-06-01T12:34:5xZ")]
    [InlineData("+025-06-01T12:34:56Z")]
    [InlineData("June 1, 2025")]
    public void Any_other_text_is_left_to_the_general_parse(string text) => Assert.False(Ours(text, out _));

    [Fact]
    public void Thousands_of_random_instants_read_as_the_general_parse_reads_them()
    {
        var random = new Random(27);
        for (var i = 0; i < 20_000; i++)
        {
            var instant = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            var digits = random.Next(0, 8);
            var text = instant.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)
                       + (digits == 0 ? "" : "." + instant.ToString(digits == 1 ? "%f" : new string('f', digits), CultureInfo.InvariantCulture)) + "Z";
            Assert.True(Ours(text, out var time), text);
            Assert.Equal(Reference(text)!.Value.UtcTicks, time.UtcTicks);
            Assert.Equal(TimeSpan.Zero, time.Offset);
        }
    }
}
