using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace TraceCurate.Formats;

/// <summary>
/// Chat rows in Parquet (input-formats-2 §1 "Parquet shape"), read with Parquet.Net one row group at a time, so memory
/// is bounded by the largest row group, not the file (bench/README.md, chat-rows, has the figures). The list column is a Parquet LIST of structs (inner node
/// <c>element</c> or <c>item</c>: Parquet.Net accepts both) or a JSON string; every row is rebuilt as the JSON object
/// of its columns and read by <see cref="ChatRowsReader"/>, so Parquet and JSONL rows map alike by construction.
/// </summary>
internal static class ChatRowsParquet
{
    /// <summary>
    /// The footer's schema has a top-level list column (of structs with role and content/text, or from and value) or a
    /// string column named as a chat list column, and no <c>actions</c> column (the tool's own trace-shape Parquet).
    /// </summary>
    public static bool Sniff(string path)
    {
        try
        {
            var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
            IReadOnlyList<Field> fields;
            try { fields = reader.Schema.Fields; }
            finally { reader.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
            if (fields.Any(f => f.Name is "actions" or "trace_id")) return false;
            foreach (var field in fields)
            {
                if (!ChatRowsReader.ListColumns.Contains(field.Name)) continue;
                if (field is DataField { ClrType: var type } && (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))) return true;
                if (field is ListField { Item: StructField item })
                {
                    var names = item.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
                    if ((names.Contains("role") && (names.Contains("content") || names.Contains("text"))) || (names.Contains("from") && names.Contains("value")))
                        return true;
                }
            }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException
                                      or InvalidOperationException or NotSupportedException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>
    /// One record per row, <see cref="RawRecord.Line"/> its 1-based row number; one row group's columns in memory at a
    /// time, its rows rebuilt one by one as they are taken. Rows are packed into pooled chunks, as JSONL lines are
    /// (<see cref="LineChunk"/>): a row of a long trajectory is often over 85 kB, and an array of its own per row put
    /// every one on the large-object heap, which only full collections reclaim, so the heap grew with the file.
    /// </summary>
    public static IEnumerable<RawRecord> Split(InputFile file)
    {
        var reader = ParquetJsonRows.Damaged(() => ParquetReader.CreateAsync(file.Path).GetAwaiter().GetResult(), "the Parquet file cannot be opened");
        var json = new ArrayBufferWriter<byte>();
        LineChunk? chunk = null;
        var used = 0;
        try
        {
            long row = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var group = g;
                var damaged = $"row group {g + 1} of the Parquet file cannot be read";
                using var assembler = ParquetJsonRows.Damaged(() => ParquetRowAssembler.OpenAsync(reader, group).GetAwaiter().GetResult(), damaged);
                for (long r = 0; r < assembler.RowCount; r++)
                {
                    json.ResetWrittenCount();
                    ParquetJsonRows.Damaged(() =>
                    {
                        using var w = new Utf8JsonWriter(json);
                        assembler.WriteRow(w);
                        return 0;
                    }, damaged);
                    var bytes = json.WrittenSpan;
                    if (chunk is null || used + bytes.Length > chunk.Array.Length)
                    {
                        chunk?.Release(); // the splitter's reference; the records cut from it keep theirs
                        chunk = LineChunk.Rent(Math.Max(JsonLines.ChunkBytes, bytes.Length));
                        used = 0;
                    }
                    bytes.CopyTo(chunk.Array.AsSpan(used));
                    chunk.AddReference();
                    var record = new RawRecord(file, ++row, chunk.Array.AsMemory(used, bytes.Length)) { Chunk = chunk };
                    used += bytes.Length;
                    yield return record;
                }
            }
        }
        finally
        {
            chunk?.Release();
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
