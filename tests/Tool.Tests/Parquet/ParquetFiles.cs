using System.Text.Json;
using Parquet;
using Parquet.Schema;
using TraceCurate.Formats;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// Test access to Parquet files through Parquet.Net (footer, schema, codecs) and through the tool's row streaming
/// (<see cref="ParquetRowAssembler"/>, whose values the interop tests check against DuckDB, hyparquet and parquet-wasm).
/// </summary>
internal static class ParquetFiles
{
    public static T Footer<T>(string path, Func<ParquetReader, T> read)
    {
        var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        try { return read(reader); }
        finally { reader.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }

    public static long RowCount(string path) => Footer(path, r => r.Metadata!.RowGroups.Sum(g => g.NumRows));

    public static int RowGroupCount(string path) => Footer(path, r => r.RowGroupCount);

    public static IReadOnlyList<string> ColumnNames(string path) => Footer(path, r => r.Schema.Fields.Select(f => f.Name).ToList());

    public static IReadOnlyList<string> Codecs(string path) =>
        Footer(path, r => r.Metadata!.RowGroups.SelectMany(g => g.Columns).Select(c => c.MetaData!.Codec.ToString().ToUpperInvariant()).ToList());

    public static DataField Leaf(string path, string name) => Footer(path, r => r.Schema.DataFields.First(f => f.Name == name));

    /// <summary>Every row as a JSON object, columns by name, string columns as strings (no JSON-text columns).</summary>
    public static List<JsonElement> Rows(string path) =>
        ParquetRowAssembler.Read(path, ParquetRowAssembler.Shape.AsWritten).Select(bytes => JsonDocument.Parse(bytes).RootElement.Clone()).ToList();

    /// <summary>A file of nullable string columns, <paramref name="rowGroupRows"/> rows per row group.</summary>
    public static string WriteStrings(string path, string[] names, int rowGroupRows, params string?[][] rows)
    {
        var fields = names.Select(n => new DataField<string>(n, true)).ToArray();
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), stream).GetAwaiter().GetResult();
        for (var start = 0; start < rows.Length; start += rowGroupRows)
        {
            using var group = writer.CreateRowGroup();
            var part = rows.Skip(start).Take(rowGroupRows).ToList();
            for (var c = 0; c < fields.Length; c++)
                group.WriteAsync(fields[c], part.Select(r => r[c]).ToList()).GetAwaiter().GetResult();
        }
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return path;
    }
}
