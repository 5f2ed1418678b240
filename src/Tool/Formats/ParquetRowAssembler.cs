using System.Globalization;
using System.Text.Unicode;
using System.Text.Json;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace TraceCurate.Formats;

/// <summary>
/// Rebuilds the rows of one Parquet row group as JSON objects from Parquet.Net's raw columns (values with their
/// definition and repetition levels), for nested lists and structs at any depth. Parquet.Net's own row deserializer
/// compiles expression trees, which fail where the tool runs without dynamic code (Tool.csproj); this reads the levels
/// directly, as the Parquet format defines them: a value is present when its definition level is the column's
/// maximum, a list goes on while the next entry repeats at the list's level.
/// </summary>
internal sealed class ParquetRowAssembler : IDisposable
{
    private sealed class Column(int[] definitions, int[]? repetitions, object?[] values, int maxDefinition)
    {
        /// <summary>The column's logical type is JSON (DuckDB's JSON, datasets' <c>Json()</c>): its text is a JSON value.</summary>
        public bool IsJson { get; set; }

        public int Position;
        private int _value;

        public int Definition => definitions[Position];
        public bool Repeats(int level) => Position < definitions.Length && repetitions is not null && repetitions[Position] >= level;

        public object? Take()
        {
            var present = definitions[Position++] == maxDefinition;
            return present ? values[_value++] : null;
        }

        public void Skip() => Position++;
    }

    private readonly Dictionary<DataField, Column> _columns = [];
    private readonly IReadOnlyList<Field> _fields;

    private ParquetRowAssembler(IReadOnlyList<Field> fields, long rowCount)
    {
        _fields = fields;
        RowCount = rowCount;
    }

    /// <summary>The rows of the row group, for <see cref="WriteRow"/> to write one by one.</summary>
    public long RowCount { get; }

    /// <summary>
    /// Decodes the columns of one row group into arrays of its own. Not Parquet.Net's <c>ReadRawColumnDataBaseAsync</c>:
    /// its buffers come from the shared array pool, rounded up to a power of two, and once returned the pool kept them
    /// (hundreds of MB per text column of a large row group, more with every row group of other sizes), so memory grew
    /// with the file. Text values stay views of Parquet.Net's decoded text, not copies as strings.
    /// </summary>
    public static async Task<ParquetRowAssembler> OpenAsync(ParquetReader reader, int group)
    {
        using var rows = reader.OpenRowGroupReader(group);
        var assembler = new ParquetRowAssembler(reader.Schema.Fields, rows.RowCount);
        foreach (var field in reader.Schema.GetDataFields())
        {
            var element = field.SchemaElement;
            var column = await ReadColumnAsync(rows, field);
            column.IsJson = element?.LogicalType?.JSON is not null || element?.ConvertedType == global::Parquet.Meta.ConvertedType.JSON;
            assembler._columns[field] = column;
        }
        return assembler;
    }

    /// <summary>The next row of the group as one JSON object.</summary>
    public void WriteRow(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        foreach (var field in _fields)
        {
            w.WritePropertyName(field.Name);
            Write(w, field);
        }
        w.WriteEndObject();
    }

    /// <summary>
    /// Drops the row group's values: a caller's variable (an iterator's, say) may hold the assembler while the next row
    /// group is decoded, and this group must not stay reachable through it.
    /// </summary>
    public void Dispose() => _columns.Clear();

    /// <summary>Every row of one row group as UTF-8 JSON, all at once (the streaming reader uses <see cref="WriteRow"/>).</summary>
    public static async Task<List<byte[]>> ReadAsync(ParquetReader reader, int group)
    {
        using var assembler = await OpenAsync(reader, group);
        var result = new List<byte[]>((int)assembler.RowCount);
        for (long r = 0; r < assembler.RowCount; r++)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer)) assembler.WriteRow(w);
            result.Add(buffer.ToArray());
        }
        return result;
    }

    private void Write(Utf8JsonWriter w, Field field)
    {
        switch (field)
        {
            case DataField data:
                var column = _columns[data];
                var value = column.Take();
                if (column.IsJson && value is byte[] or string or ReadOnlyMemory<char> && Text(value) is { } json && IsJson(json)) w.WriteRawValue(json);
                else WriteValue(w, value);
                break;
            case StructField s:
                var first = FirstLeaf(s);
                if (s.IsNullable && first.Definition < s.MaxDefinitionLevel)
                {
                    SkipAll(s);
                    w.WriteNullValue();
                    break;
                }
                w.WriteStartObject();
                foreach (var child in s.Fields)
                {
                    w.WritePropertyName(child.Name);
                    Write(w, child);
                }
                w.WriteEndObject();
                break;
            case ListField list:
                var lead = FirstLeaf(list);
                if (lead.Definition < list.MaxDefinitionLevel)
                {
                    var isNull = list.IsNullable && lead.Definition < list.MaxDefinitionLevel - 1;
                    SkipAll(list);
                    if (isNull) w.WriteNullValue();
                    else
                    {
                        w.WriteStartArray();
                        w.WriteEndArray();
                    }
                    break;
                }
                w.WriteStartArray();
                do Write(w, list.Item);
                while (lead.Repeats(list.MaxRepetitionLevel));
                w.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"the Parquet column '{field.Name}' is a {field.SchemaType}, which chat rows do not use");
        }
    }

    private static string? Text(object? value) => value switch
    {
        string s => s,
        ReadOnlyMemory<char> m => m.ToString(),
        byte[] b => System.Text.Encoding.UTF8.GetString(b),
        _ => null,
    };

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A null or empty node holds one entry in every column below it.</summary>
    private void SkipAll(Field field)
    {
        foreach (var leaf in Leaves(field)) _columns[leaf].Skip();
    }

    private Column FirstLeaf(Field field) => _columns[Leaves(field).First()];

    private static IEnumerable<DataField> Leaves(Field field) => field switch
    {
        DataField d => [d],
        StructField s => s.Fields.SelectMany(Leaves),
        ListField l => Leaves(l.Item),
        MapField m => Leaves(m.Key).Concat(Leaves(m.Value)),
        _ => [],
    };

    /// <summary>One leaf column of the row group: its levels and its present values, in order, as plain objects.</summary>
    private static Task<Column> ReadColumnAsync(ParquetRowGroupReader rows, DataField field)
    {
        var t = field.ClrType;
        if (t == typeof(ReadOnlyMemory<char>)) return ReadColumnAsync<ReadOnlyMemory<char>>(rows, field, v => v);
        if (t == typeof(long)) return ReadColumnAsync<long>(rows, field, v => v);
        if (t == typeof(int)) return ReadColumnAsync<int>(rows, field, v => v);
        if (t == typeof(short)) return ReadColumnAsync<short>(rows, field, v => v);
        if (t == typeof(sbyte)) return ReadColumnAsync<sbyte>(rows, field, v => v);
        if (t == typeof(byte)) return ReadColumnAsync<byte>(rows, field, v => v);
        if (t == typeof(ulong)) return ReadColumnAsync<ulong>(rows, field, v => v);
        if (t == typeof(uint)) return ReadColumnAsync<uint>(rows, field, v => v);
        if (t == typeof(ushort)) return ReadColumnAsync<ushort>(rows, field, v => v);
        if (t == typeof(bool)) return ReadColumnAsync<bool>(rows, field, v => v);
        if (t == typeof(double)) return ReadColumnAsync<double>(rows, field, v => v);
        if (t == typeof(float)) return ReadColumnAsync<float>(rows, field, v => v);
        if (t == typeof(decimal)) return ReadColumnAsync<decimal>(rows, field, v => v);
        if (t == typeof(DateTime)) return ReadColumnAsync<DateTime>(rows, field, v => v);
        if (t == typeof(ReadOnlyMemory<byte>)) return ReadColumnAsync<ReadOnlyMemory<byte>>(rows, field, v => v.ToArray());
        throw new NotSupportedException($"Parquet values of type {t.Name} are not read");
    }

    private static async Task<Column> ReadColumnAsync<T>(ParquetRowGroupReader rows, DataField field, Func<T, object?> box) where T : struct
    {
        var count = checked((int)(rows.GetMetadata(field)?.MetaData?.NumValues
            ?? throw new InvalidDataException($"column '{field.Path}' is missing from a row group")));
        var values = new T[count];
        var definitions = new int[count]; // all zero for a required column: every value present
        var repetitions = field.MaxRepetitionLevel > 0 ? new int[count] : null;
        // Nullable on purpose: a null array would convert to an empty memory, which the reader takes as too small.
        Memory<int>? levels = field.MaxDefinitionLevel > 0 ? definitions : null, repeats = repetitions is { } r ? (Memory<int>?)r : null;
        await rows.ReadRawAsync<T>(field, values, levels, repeats);
        var present = 0;
        foreach (var level in definitions) if (level == field.MaxDefinitionLevel) present++;
        return new Column(definitions, repetitions, Copy<T>(values.AsSpan(0, present), box), field.MaxDefinitionLevel);
    }

    private static object?[] Copy<T>(Span<T> values, Func<T, object?> box)
    {
        var result = new object?[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = box(values[i]);
        return result;
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case ReadOnlyMemory<char> m: w.WriteStringValue(m.Span); break;
            case bool b: w.WriteBooleanValue(b); break;
            case long l: w.WriteNumberValue(l); break;
            case int i: w.WriteNumberValue(i); break;
            case double d: w.WriteNumberValue(d); break;
            case float f: w.WriteNumberValue(f); break;
            case decimal m: w.WriteNumberValue(m); break;
            case ulong ul: w.WriteNumberValue(ul); break;
            // A BYTE_ARRAY without a string annotation: its text when it is valid UTF-8 (writers leave the annotation off
            // JSON and plain binary alike), else base64.
            case byte[] bytes: if (Utf8.IsValid(bytes)) w.WriteStringValue(bytes); else w.WriteStringValue(Convert.ToBase64String(bytes)); break;
            case DateTime t: w.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); break;
            default: w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
