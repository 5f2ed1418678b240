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

    /// <summary>One record per row, <see cref="RawRecord.Line"/> its 1-based row number; one row group in memory at a time.</summary>
    public static IEnumerable<RawRecord> Split(InputFile file) => ParquetRowAssembler.Records(file, ParquetRowAssembler.Shape.AsWritten);
}
