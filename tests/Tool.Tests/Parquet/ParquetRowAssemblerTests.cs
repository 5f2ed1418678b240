using System.Text;
using Parquet;
using Parquet.Schema;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// The one Parquet row assembler behind every Parquet reader (chat rows, AgentTrace, the trace shape): what a reader's
/// <see cref="ParquetRowAssembler.Shape"/> changes, the values without a string annotation, and damaged files. Nested
/// values against DuckDB are <c>ParquetInteropReadTests</c>.
/// </summary>
public sealed class ParquetRowAssemblerTests
{
    private static List<string> Rows(string path, ParquetRowAssembler.Shape shape) =>
        ParquetRowAssembler.Read(path, shape).Select(b => Encoding.UTF8.GetString(b)).ToList();

    [Fact]
    public void A_spread_column_adds_its_members_to_the_row_and_wins_over_a_column_of_the_same_name()
    {
        using var dir = new TempFolder();
        var path = ParquetFiles.WriteStrings(dir.File("spread.parquet"), ["a", "extra", "b"], 2,
            ["column a", """{"a":"from extra","c":[1,{"d":null}]}""", "b1"],
            ["column a", null, "b2"],
            [null, "{}", null]);

        Assert.Equal(
            ["""{"a":"from extra","c":[1,{"d":null}],"b":"b1"}""", """{"a":"column a","b":"b2"}""", """{"a":null,"b":null}"""],
            Rows(path, new ParquetRowAssembler.Shape(Spread: "extra")));
        // Without the shape the same column is an ordinary string.
        Assert.Equal("""{"a":"column a","extra":null,"b":"b2"}""", Rows(path, ParquetRowAssembler.Shape.AsWritten)[1]);
    }

    [Fact]
    public void A_column_named_as_json_text_is_copied_as_it_is_and_the_first_of_two_names_wins()
    {
        using var dir = new TempFolder();
        var path = ParquetFiles.WriteStrings(dir.File("json.parquet"), ["spans", "spans_json"], 10, ["plain", """[{"n":1}]"""]);
        var shape = new ParquetRowAssembler.Shape((field, topLevel) => topLevel && field.Name.EndsWith("_json", StringComparison.Ordinal) ? field.Name[..^5] : null);
        Assert.Equal(["""{"spans":"plain"}"""], Rows(path, shape));
    }

    [Fact]
    public void Bytes_without_a_string_annotation_read_as_their_text_when_utf8_else_as_base64()
    {
        using var dir = new TempFolder();
        var path = dir.File("bytes.parquet");
        var field = new DataField<byte[]>("blob", true);
        using (var stream = File.Create(path))
        {
            var writer = ParquetWriter.CreateAsync(new ParquetSchema(field), stream).GetAwaiter().GetResult();
            using (var group = writer.CreateRowGroup())
                group.WriteAsync(field, new byte[]?[] { Encoding.UTF8.GetBytes("héllo"), [0xff, 0xfe, 0x00], null }).GetAwaiter().GetResult();
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        Assert.Null(ParquetFiles.Leaf(path, "blob").SchemaElement?.ConvertedType); // no string annotation: the case under test
        Assert.Equal(["""{"blob":"héllo"}""", """{"blob":"//4A"}""", """{"blob":null}"""],
            Rows(path, ParquetRowAssembler.Shape.AsWritten));
    }

    [Fact]
    public void A_damaged_file_is_an_invalid_data_error_saying_what_could_not_be_read()
    {
        using var dir = new TempFolder();
        var good = ParquetFiles.WriteStrings(dir.File("good.parquet"), ["text"], 1000,
            [.. Enumerable.Range(0, 2000).Select(i => new string?[] { $"row {i} " + new string('x', i % 50) })]);
        var bytes = File.ReadAllBytes(good);
        Assert.Equal(2000, ParquetRowAssembler.Read(good, ParquetRowAssembler.Shape.AsWritten).Count());

        // The footer cut off: Parquet.Net's own I/O error, which the runner reports as a file that cannot be read.
        var truncated = dir.File("truncated.parquet");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var open = Assert.Throws<IOException>(() => ParquetRowAssembler.Read(truncated, ParquetRowAssembler.Shape.AsWritten).ToList());
        Assert.Contains("not a parquet file", open.Message);

        // A footer that is not Thrift: the file cannot be opened.
        var footer = dir.File("footer.parquet");
        var broken = (byte[])bytes.Clone();
        var length = BitConverter.ToInt32(broken, broken.Length - 8);
        for (var i = broken.Length - 8 - length; i < broken.Length - 8; i++) broken[i] = 0xff;
        File.WriteAllBytes(footer, broken);
        var schema = Assert.Throws<InvalidDataException>(() => ParquetRowAssembler.Read(footer, ParquetRowAssembler.Shape.AsWritten).ToList());
        Assert.StartsWith("the Parquet file", schema.Message);

        // The first data page overwritten (footer intact): its row group cannot be read.
        var scrambled = dir.File("scrambled.parquet");
        var copy = (byte[])bytes.Clone();
        for (var i = 4; i < 400; i++) copy[i] = (byte)(i * 37);
        File.WriteAllBytes(scrambled, copy);
        var read = Assert.Throws<InvalidDataException>(() => ParquetRowAssembler.Read(scrambled, ParquetRowAssembler.Shape.AsWritten).ToList());
        Assert.StartsWith("row group 1 of 2 cannot be read", read.Message);
    }

    /// <summary>DuckDB's JSON type (a logical type on a string column) reads as the JSON it holds, with no shape naming it.</summary>
    [InteropFact]
    public void A_column_of_parquet_logical_type_json_reads_as_json()
    {
        using var dir = new TempFolder();
        var input = dir.Write("rows.jsonl", """{"id":1,"j":"{\"a\":[1,2],\"b\":\"x\"}"}""" + "\n" + """{"id":2,"j":null}""" + "\n");
        var path = dir.File("json.parquet");
        InteropReaders.Run("write-duckdb.mjs", input, "id, CAST(j AS JSON) AS j", path, "");
        Assert.NotNull(ParquetFiles.Leaf(path, "j").SchemaElement?.LogicalType?.JSON);
        Assert.Equal(["""{"id":1,"j":{"a":[1,2],"b":"x"}}""", """{"id":2,"j":null}"""], Rows(path, ParquetRowAssembler.Shape.AsWritten));
    }
}
