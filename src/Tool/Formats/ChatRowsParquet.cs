using System.Collections;
using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace TraceCurate.Formats;

/// <summary>
/// Chat rows in Parquet (input-formats-2 §1 "Parquet shape"), read with Parquet.Net one row group at a time, so memory
/// is bounded by the largest row group, not the file. The list column is a Parquet LIST of structs (inner node
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
                if (field is DataField { ClrType: var type } && type == typeof(string)) return true;
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
    public static IEnumerable<RawRecord> Split(InputFile file)
    {
        int groups;
        var reader = ParquetReader.CreateAsync(file.Path).GetAwaiter().GetResult();
        try { groups = reader.RowGroupCount; }
        finally { reader.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
        long row = 0;
        for (var g = 0; g < groups; g++)
        {
            IList<Dictionary<string, object?>> rows;
            using (var stream = File.OpenRead(file.Path))
                rows = ReadGroup(stream, g, file.Path);
            foreach (var values in rows)
                yield return new RawRecord(file, ++row, JsonOf(values));
        }
    }

    private static IList<Dictionary<string, object?>> ReadGroup(Stream stream, int group, string path)
    {
        try
        {
            return ParquetSerializer.DeserializeUntypedAsync(stream, null, group).GetAwaiter().GetResult().Data!;
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or NotSupportedException or InvalidCastException)
        {
            // Parquet.Net's row deserializer compiles expression trees; the tool runs without dynamic code (Tool.csproj,
            // for start-up time), where they are interpreted and fail on span types. Say so rather than lose the rows.
            var why = e.InnerException is { } inner ? $"{e.Message}: {inner.GetType().Name}: {inner.Message}" : e.Message;
            throw new InvalidDataException($"row group {group + 1} of the Parquet file cannot be read: {why} " +
                "(known limit: chat rows in Parquet are not readable yet; convert them to JSONL, e.g. with DuckDB's COPY … TO 'x.jsonl')", e);
        }
    }

    private static byte[] JsonOf(IDictionary<string, object?> row)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) Write(w, row);
        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case IDictionary<string, object?> map:
                w.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    w.WritePropertyName(key);
                    Write(w, item);
                }
                w.WriteEndObject();
                break;
            case IDictionary dictionary:
                w.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    w.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    Write(w, entry.Value);
                }
                w.WriteEndObject();
                break;
            case byte[] bytes: w.WriteStringValue(Convert.ToBase64String(bytes)); break;
            case DateTime time: w.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset offset: w.WriteStringValue(offset.ToString("O", CultureInfo.InvariantCulture)); break;
            case float f: w.WriteNumberValue(f); break;
            case double d: w.WriteNumberValue(d); break;
            case decimal m: w.WriteNumberValue(m); break;
            case IEnumerable list:
                w.WriteStartArray();
                foreach (var item in list) Write(w, item);
                w.WriteEndArray();
                break;
            default:
                if (value is IConvertible c && value.GetType().IsPrimitive) w.WriteRawValue(c.ToString(CultureInfo.InvariantCulture));
                else w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
