using System.Globalization;
using System.Text;
using TraceCurate.Formats;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The byte-level timestamp reader against the parser it stands in for, <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>
/// with <c>AssumeUniversal | AdjustToUniversal</c> (what the session readers call): where it answers, the instant and the
/// offset must be the general parser's; where it declines, the caller asks the general parser, so declining is safe,
/// but it must answer for the shape the rollouts write.
/// </summary>
public sealed class IsoUtcTimestampTests
{
    private static DateTimeOffset? General(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    private static void AssertAsGeneral(string text, bool mustAnswer)
    {
        var answered = IsoUtcTimestamp.TryParse(Encoding.UTF8.GetBytes(text), out var fast);
        if (mustAnswer) Assert.True(answered, text);
        if (!answered) return;
        var general = General(text);
        Assert.True(general.HasValue, $"{text}: answered where the general parser refuses");
        Assert.Equal(general!.Value.UtcTicks, fast.UtcTicks);
        Assert.Equal(general.Value.Offset, fast.Offset);
    }

    [Theory]
    [InlineData("2025-12-09T19:55:16.336Z")]
    [InlineData("2025-12-09T19:55:16Z")]
    [InlineData("2025-12-09T19:55:16.3Z")]
    [InlineData("2025-12-09T19:55:16.1234567Z")]
    [InlineData("2024-02-29T23:59:59.9999999Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("2025-10-14T09:12:03.000Z")]
    public void The_rollout_shape_reads_as_the_general_parser_reads_it(string text) => AssertAsGeneral(text, mustAnswer: true);

    [Theory]
    [InlineData("2025-12-09T19:55:16.336+00:00")] // an offset
    [InlineData("2025-12-09T19:55:16.336+02:00")]
    [InlineData("2025-12-09T19:55:16.336z")] // lower-case zone
    [InlineData("2025-12-09T19:55:16.336")] // no zone
    [InlineData("2025-12-09 19:55:16Z")] // a space for T
    [InlineData("2025-12-09T24:00:00Z")]
    [InlineData("2025-12-09T23:59:60Z")] // a leap second
    [InlineData("2025-02-29T10:00:00Z")] // no such day
    [InlineData("2025-13-01T10:00:00Z")]
    [InlineData("0000-01-01T10:00:00Z")]
    [InlineData("2025-12-09T19:55:16.12345678Z")] // eight fraction digits
    [InlineData("2025-12-09T19:55:16.Z")]
    [InlineData("2025-12-09T19:55:16,5Z")]
    [InlineData("2025-1-09T19:55:16Z")]
    [InlineData("+025-12-09T19:55:16Z")]
    [InlineData("2025-12-09T19:55:1aZ")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void Any_other_text_is_left_to_the_general_parser_or_read_as_it_reads_it(string text) => AssertAsGeneral(text, mustAnswer: false);

    [Fact]
    public void Random_instants_written_in_the_rollout_shape_read_as_the_general_parser_reads_them()
    {
        var random = new Random(27);
        for (var i = 0; i < 20_000; i++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
            var digits = random.Next(0, 8);
            var format = digits == 0 ? "yyyy-MM-ddTHH:mm:ss'Z'" : "yyyy-MM-ddTHH:mm:ss." + new string('f', digits) + "'Z'";
            AssertAsGeneral(new DateTime(ticks).ToString(format, CultureInfo.InvariantCulture), mustAnswer: true);
        }
    }
}
