using TraceCurate.Parquet;

namespace TraceCurate.Tests.Parquet;

/// <summary>Malformed files must fail with a <see cref="ParquetFormatException"/> that says what is wrong, never crash or hang.</summary>
public class ParquetFileReaderTests
{
    private static readonly byte[] Valid = ParquetTestData.Write(ParquetTestData.Rows(60), new ParquetWriteOptions { RowGroupRows = 25, PageValues = 10 });

    private static ParquetFormatException ReadFails(byte[] file) =>
        Assert.Throws<ParquetFormatException>(() => ParquetTestData.Read(file));

    [Fact]
    public void The_valid_fixture_reads()
    {
        Assert.Equal(60, ParquetTestData.Read(Valid).Count);
    }

    [Fact]
    public void Wrong_trailing_magic_is_reported()
    {
        var file = Valid.ToArray();
        file[^1] = (byte)'X';
        Assert.Contains("PAR1", ReadFails(file).Message);
    }

    [Fact]
    public void Wrong_leading_magic_is_reported()
    {
        var file = Valid.ToArray();
        file[0] = (byte)'Q';
        Assert.Contains("first 4 bytes", ReadFails(file).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(11)]
    public void Files_shorter_than_the_minimum_are_reported(int length)
    {
        Assert.Contains("shorter", ReadFails(Valid.AsSpan(0, length).ToArray()).Message);
    }

    [Fact]
    public void Truncated_files_are_reported_at_every_cut()
    {
        for (int keep = 12; keep < Valid.Length; keep += 37)
            ReadFails(Valid.AsSpan(0, keep).ToArray());
    }

    [Fact]
    public void A_footer_length_beyond_the_file_is_reported()
    {
        var file = Valid.ToArray();
        BitConverter.GetBytes(file.Length).CopyTo(file, file.Length - 8);
        Assert.Contains("metadata length", ReadFails(file).Message);
    }

    [Fact]
    public void A_corrupt_page_names_the_row_group_column_and_offset()
    {
        var file = Valid.ToArray();
        for (int i = 4; i < 40; i++) file[i] = 0xFF; // the first column chunk ("id") starts at offset 4
        var message = ReadFails(file).Message;
        Assert.Contains("row group 0", message);
        Assert.Contains("column 'id'", message);
        Assert.Contains("offset", message);
    }

    [Theory]
    [InlineData(ParquetCodec.Snappy, 1)]
    [InlineData(ParquetCodec.Uncompressed, 2)]
    [InlineData(ParquetCodec.Zstd, 2)]
    public async Task Random_corruption_never_escapes_as_an_unexpected_exception_or_hang(ParquetCodec codec, int pageVersion)
    {
        const int iterations = 500;
        var valid = ParquetTestData.Write(ParquetTestData.Rows(60), new ParquetWriteOptions { Codec = codec, PageVersion = pageVersion, RowGroupRows = 25, PageValues = 10 });
        var rng = new Random(2024 + pageVersion);
        int rejected = 0;
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            var file = valid.ToArray();
            for (int k = rng.Next(1, 5); k > 0; k--) file[rng.Next(file.Length)] = (byte)rng.Next(256);
            try
            {
                await Task.Run(() => ParquetTestData.Read(file)).WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                Assert.Fail($"iteration {iteration} did not finish");
            }
            catch (Exception e) when (e is ParquetFormatException or NotSupportedException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {iteration}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
        // Uncompressed PLAIN values have no checksum, so some mutations only change values; most must still be detected.
        Assert.InRange(rejected, iterations / 4, iterations);
    }

    [Fact]
    public void A_non_seekable_stream_is_refused_up_front()
    {
        var e = Assert.Throws<ArgumentException>(() => ParquetFileReader.Open(new BufferedStream(new NonSeekable(Valid))));
        Assert.Contains("seekable", e.Message);
    }

    private sealed class NonSeekable(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
