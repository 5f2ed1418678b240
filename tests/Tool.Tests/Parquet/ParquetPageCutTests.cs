using System.Buffers.Binary;
using TraceCurate.Parquet;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// Pages of a chunk that cannot take a dictionary are written while rows arrive; they must end where the rules say
/// (whole rows, closed once they hold PageBytes of values), whether the chunk gave up its dictionary before the first
/// page filled or after several. Page counts are worked out by hand from the value sizes.
/// </summary>
public sealed class ParquetPageCutTests
{
    private static readonly ParquetSchema Schema = new([ParquetField.String("s", required: true), ParquetField.String("low")]);

    // 30-character distinct strings: 34 PLAIN bytes each, so a 100-byte page closes after 3 values (102 bytes).
    private static List<object?[]> Rows(int n) =>
        Enumerable.Range(0, n).Select(i => new object?[] { $"value-{i:D4}-{new string('z', 19)}", i % 2 == 0 ? "x" : "y" }).ToList();

    [Theory]
    [InlineData(1, 200)]     // the dictionary of s gives up at its 6th value (6 x 34 > 200), after 5 were buffered
    [InlineData(2, 200)]
    [InlineData(1, 10)]      // ... or at its first value
    [InlineData(2, 600)]     // ... or at its 18th, five full pages later
    public void Pages_end_where_the_rules_say_whenever_the_dictionary_gives_up(int pageVersion, int dictionaryBytes)
    {
        var rows = Rows(50);
        var options = new ParquetWriteOptions { PageBytes = 100, DictionaryPageBytes = dictionaryBytes, RowGroupRows = 25, PageVersion = pageVersion, Codec = ParquetCodec.Uncompressed };
        var file = ParquetTestData.Write(rows, options, Schema);

        var groups = Pages(file);
        Assert.Equal(2, groups.Count);
        foreach (var (s, low) in groups)
        {
            // s: 25 rows as 8 pages of 3 and one of 1, PLAIN, no dictionary page.
            Assert.Equal([3, 3, 3, 3, 3, 3, 3, 3, 1], s.Select(p => p.NumValues));
            Assert.All(s, p => Assert.Equal(PageEncoding.Plain, p.Encoding));
            // low keeps its dictionary ("x", "y"): a dictionary page, then the indices, in pages cut by the values. PLAIN
            // size (5 bytes each) as any page, so 20 values, then 5.
            Assert.Equal(PageType.DictionaryPage, low[0].Type);
            Assert.Equal(2, low[0].NumValues);
            Assert.Equal([20, 5], low.Skip(1).Select(p => p.NumValues));
        }
        using var reader = ParquetFileReader.Open(new MemoryStream(file));
        var read = reader.ReadRows().ToList();
        Assert.Equal(rows.Select(r => r[0]), read.Select(r => r["s"]));
        Assert.Equal(rows.Select(r => r[1]), read.Select(r => r["low"]));
    }

    /// <summary>Every page header of every chunk, read from the footer's offsets (per row group: column s, column low).</summary>
    private static List<(List<PageHeader> S, List<PageHeader> Low)> Pages(byte[] file)
    {
        int footer = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        var meta = FileMetaData.Read(new ThriftCompactReader(file, file.Length - 8 - footer, footer, "footer"));
        return meta.RowGroups.Select(g => (ChunkPages(file, g.Columns[0].MetaData!), ChunkPages(file, g.Columns[1].MetaData!))).ToList();
    }

    private static List<PageHeader> ChunkPages(byte[] file, ColumnMetaData m)
    {
        var pages = new List<PageHeader>();
        long pos = m.DictionaryPageOffset ?? m.DataPageOffset, end = pos + m.TotalCompressedSize;
        while (pos < end)
        {
            var r = new ThriftCompactReader(file, (int)pos, (int)(end - pos), "page header");
            var header = PageHeader.Read(r);
            pages.Add(header);
            pos = r.Position + header.CompressedPageSize;
        }
        Assert.Equal(end, pos);
        return pages;
    }
}
