using System.Text.Json;
using System.Text.Json.Nodes;
using TraceCurate.Parquet;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// Lists and maps in the layouts older writers use (LogicalTypes.md "Backward-compatibility
/// rules"): a 2-level list whose repeated child is the element ("array"), a repeated group named
/// "&lt;name&gt;_tuple", a bare repeated field, and a MAP of key_value groups.
/// </summary>
public sealed class ParquetLegacyLayoutTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("tc-parquet-legacy-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static SchemaElement Leaf(string name, PhysicalType type, Repetition rep, bool utf8 = false) =>
        new() { Name = name, Type = type, RepetitionType = rep, ConvertedType = utf8 ? ConvertedType.Utf8 : null };

    private static SchemaElement Group(string name, Repetition rep, int children, int? converted = null) =>
        new() { Name = name, RepetitionType = rep, NumChildren = children, ConvertedType = converted };

    private static readonly List<SchemaElement> Elements =
    [
        Group("schema", Repetition.Required, 4),
        Group("tags", Repetition.Optional, 1, ConvertedType.List),
        Leaf("array", PhysicalType.ByteArray, Repetition.Repeated, utf8: true),
        Leaf("nums", PhysicalType.Int64, Repetition.Repeated),
        Group("msgs", Repetition.Optional, 1, ConvertedType.List),
        Group("msgs_tuple", Repetition.Repeated, 2),
        Leaf("role", PhysicalType.ByteArray, Repetition.Optional, utf8: true),
        Leaf("n", PhysicalType.Int32, Repetition.Optional),
        Group("m", Repetition.Optional, 1, ConvertedType.Map),
        Group("key_value", Repetition.Repeated, 2, ConvertedType.MapKeyValue),
        Leaf("key", PhysicalType.ByteArray, Repetition.Required, utf8: true),
        Leaf("value", PhysicalType.Int64, Repetition.Optional),
    ];

    private static readonly object?[][] Rows =
    [
        [new[] { "a", "b" }, new object[] { 1L, 2L, 3L }, new object?[] { new object?[] { "user", 1 }, new object?[] { "bot", null } }, new object?[] { new object?[] { "k1", 1L }, new object?[] { "k2", null } }],
        [null, Array.Empty<object>(), null, null],
        [Array.Empty<string>(), new object[] { 7L }, Array.Empty<object>(), Array.Empty<object>()],
        [new[] { "only" }, Array.Empty<object>(), new object?[] { new object?[] { null, 5 } }, new object?[] { new object?[] { "z", 9L } }],
    ];

    // The same rows in canonical JSON, written out by hand: lists are arrays, tuple/map entries are objects.
    private static readonly string ExpectedJson = """
        [
          {"tags":["a","b"],"nums":[1,2,3],"msgs":[{"role":"user","n":1},{"role":"bot","n":null}],"m":[{"key":"k1","value":1},{"key":"k2","value":null}]},
          {"tags":null,"nums":[],"msgs":null,"m":null},
          {"tags":[],"nums":[7],"msgs":[],"m":[]},
          {"tags":["only"],"nums":[],"msgs":[{"role":null,"n":5}],"m":[{"key":"z","value":9}]}
        ]
        """;

    private static IReadOnlyList<JsonObject> Expected => JsonNode.Parse(ExpectedJson)!.AsArray().Select(n => n!.AsObject()).ToList();

    private string WriteLegacyFile()
    {
        var path = Path.Combine(_dir.FullName, "legacy.parquet");
        using (var w = new ParquetFileWriter(File.Create(path), Elements.Select(Clone).ToList()))
            foreach (var row in Rows) w.WriteRow(row);
        return path;
    }

    private static SchemaElement Clone(SchemaElement e) => new()
    {
        Name = e.Name, Type = e.Type, RepetitionType = e.RepetitionType, NumChildren = e.NumChildren, ConvertedType = e.ConvertedType,
    };

    [Fact]
    public void Legacy_lists_and_maps_read_as_lists_of_values_and_records()
    {
        using var reader = ParquetFileReader.Open(WriteLegacyFile());
        Assert.Equal(["tags: list<array: string>?", "nums: list<nums: int64>"], reader.Schema.Fields.Take(2).Select(f => f.ToString()));
        var actual = JsonDocument.Parse(new JsonArray(reader.ReadRows().Select(r => CanonicalJson.From(r)).ToArray()).ToJsonString()).RootElement;
        CanonicalJson.AssertRows(Expected, actual, "our reader on legacy layouts");
    }

    [InteropFact]
    public void DuckDB_reads_the_legacy_layouts_the_same_way()
    {
        var file = WriteLegacyFile();
        var rows = InteropReaders.ReadAll("read-duckdb.mjs", [file])[file].GetProperty("rows");
        CanonicalJson.AssertRows(Expected, rows, "DuckDB on legacy layouts");
    }
}
