using System.Text;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

public sealed class JsonLinesLimitTests
{
    private static List<RawRecord> Split(string text, long max, int readSize = 7)
    {
        var file = new InputFile("in.jsonl", FormatRegistry.Readers[0], new ReadOptions { Limits = new ReadLimits { MaxRecordBytes = max } });
        // A stream that returns few bytes per read, so lines straddle many buffer refills.
        return JsonLines.Split(new TrickleStream(Encoding.UTF8.GetBytes(text), readSize), file).ToList();
    }

    [Fact]
    public void A_line_of_exactly_the_limit_is_read_and_one_byte_more_is_a_bad_record_with_its_line()
    {
        var records = Split("aaaa\nbbbbb\n\ncccc\n", max: 4);
        Assert.Equal(new long[] { 1, 2, 4 }, records.Select(r => r.Line));
        Assert.Equal("aaaa", Encoding.UTF8.GetString(records[0].Bytes.Span));
        Assert.Null(records[0].Problem);
        Assert.Contains("longer than the 4 bytes limit", records[1].Problem);
        Assert.True(records[1].Bytes.IsEmpty);
        Assert.Equal("cccc", Encoding.UTF8.GetString(records[2].Bytes.Span));
    }

    [Fact]
    public void A_long_line_spanning_many_reads_is_dropped_and_the_next_lines_keep_their_numbers()
    {
        var records = Split("x\n" + new string('y', 10_000) + "\nz\n" + new string('w', 5000), max: 100, readSize: 64);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, records.Select(r => r.Line));
        Assert.NotNull(records[1].Problem);
        Assert.Equal("z", Encoding.UTF8.GetString(records[2].Bytes.Span));
        Assert.NotNull(records[3].Problem); // a last line without a newline, still too long: a bad record, not a truncated one
        Assert.False(records[3].Unterminated);
    }

    [Fact]
    public void A_whole_file_record_over_the_limit_is_one_bad_record()
    {
        var file = new InputFile("s.json", FormatRegistry.Readers[0], new ReadOptions { Limits = new ReadLimits { MaxRecordBytes = 10 } });
        var records = WholeFile.Split(new MemoryStream(new byte[100]), file).ToList();
        Assert.Contains("longer than the 10 bytes limit", Assert.Single(records).Problem);
    }
}
