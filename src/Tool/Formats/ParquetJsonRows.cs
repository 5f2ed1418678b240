using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Streams the rows of a Parquet file through Parquet.Net's column API, one row group in memory at a time, each row
/// rebuilt as the JSON object it stands for: structs become objects, lists (and maps, as lists of <c>{key, value}</c>)
/// arrays, from the columns' definition and repetition levels. Whatever the schema (ours, DuckDB's, pyarrow's), so
/// a reader of any Parquet view maps the JSON it already knows. A string column the caller names as JSON text is copied
/// into the row as it is (the reader's own JSON parse later checks it and reports a bad row at its number).
/// </summary>
internal static class ParquetJsonRows
{
    /// <summary>Names a column as JSON text: returns the field name to give it, or null for an ordinary column.</summary>
    public delegate string? JsonTextColumn(Field field, bool topLevel);

    // Dates as DateOnly (Parquet.Net's default is a DateTime at midnight, which would print as a timestamp).
    private static readonly ParquetOptions Options = new() { UseDateOnlyTypeForDates = true };

    /// <summary>The top-level column names, from the footer only (for sniffing).</summary>
    public static IReadOnlyList<string> TopLevelNames(string path)
    {
        var reader = ParquetReader.CreateAsync(path, Options).GetAwaiter().GetResult();
        try
        {
            return reader.Schema.Fields.Select(f => f.Name).ToList();
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Every row of the file in order, as UTF-8 JSON; a top-level name seen twice keeps its first column.</summary>
    public static IEnumerable<byte[]> Read(string path, JsonTextColumn jsonText)
    {
        var reader = Damaged(() => ParquetReader.CreateAsync(path, Options).GetAwaiter().GetResult());
        try
        {
            var buffer = new ArrayBufferWriter<byte>();
            var schema = Damaged(() => reader.Schema); // decoded from the footer on first use
            var groups = Damaged(() => reader.RowGroupCount);
            for (var g = 0; g < groups; g++)
            {
                using var rowGroup = Damaged(() => reader.OpenRowGroupReader(g));
                var columns = Damaged(() => new RowGroupColumns(rowGroup, schema));
                for (long row = 0; row < rowGroup.RowCount; row++)
                {
                    buffer.ResetWrittenCount();
                    Damaged(() =>
                    {
                        using var w = new Utf8JsonWriter(buffer, TraceJsonWriter.Options);
                        columns.WriteRow(w, jsonText);
                        return 0;
                    });
                    yield return buffer.WrittenSpan.ToArray();
                }
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Whatever Parquet.Net (or the level walk over damaged levels) throws on a file it cannot read becomes one
    /// <see cref="InvalidDataException"/> saying so: the input error names the file, not a library's internals.
    /// </summary>
    internal static T Damaged<T>(Func<T> read, string what = "damaged Parquet data, or a feature Parquet.Net 6.1 cannot read")
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not (IOException or OutOfMemoryException or OperationCanceledException))
        {
            throw new InvalidDataException($"{what}: {e.Message}", e);
        }
    }

    /// <summary>One row group's leaf columns, each with a cursor, assembled row by row (record assembly).</summary>
    private sealed class RowGroupColumns
    {
        private readonly ParquetSchema _schema;
        private readonly Dictionary<Field, Leaf> _leaves = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<Field, Leaf> _first = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<string> _written = new(StringComparer.Ordinal);

        public RowGroupColumns(ParquetRowGroupReader rowGroup, ParquetSchema schema)
        {
            _schema = schema;
            foreach (var field in schema.GetDataFields()) _leaves[field] = Leaf.Read(rowGroup, field);
        }

        public void WriteRow(Utf8JsonWriter w, JsonTextColumn jsonText)
        {
            w.WriteStartObject();
            _written.Clear();
            foreach (var field in _schema.Fields)
            {
                var name = jsonText(field, true);
                if (!_written.Add(name ?? field.Name))
                {
                    Skip(field); // both X and X_json: the first column wins, the other is still consumed
                    continue;
                }
                w.WritePropertyName(name ?? field.Name);
                Write(w, field, name is not null, jsonText);
            }
            w.WriteEndObject();
        }

        private void Write(Utf8JsonWriter w, Field field, bool isJsonText, JsonTextColumn jsonText)
        {
            var first = First(field);
            var definition = first.Definition;
            switch (field)
            {
                case DataField { IsArray: true } repeated: // a bare repeated leaf (legacy lists)
                    w.WriteStartArray();
                    if (definition >= repeated.MaxDefinitionLevel)
                        do first.WriteValue(w, false);
                        while (first.Continues(repeated.MaxRepetitionLevel));
                    else first.Skip();
                    w.WriteEndArray();
                    break;
                case DataField leaf:
                    if (definition < leaf.MaxDefinitionLevel)
                    {
                        w.WriteNullValue();
                        first.Skip();
                    }
                    else first.WriteValue(w, isJsonText);
                    break;
                case StructField group:
                    if (definition < group.MaxDefinitionLevel)
                    {
                        w.WriteNullValue();
                        Skip(group);
                        break;
                    }
                    w.WriteStartObject();
                    foreach (var child in group.Fields)
                    {
                        var name = jsonText(child, false);
                        w.WritePropertyName(name ?? child.Name);
                        Write(w, child, name is not null, jsonText);
                    }
                    w.WriteEndObject();
                    break;
                case ListField list:
                    Repeated(w, list, definition, first, () => Write(w, list.Item, jsonText(list.Item, false) is not null, jsonText));
                    break;
                case MapField map:
                    Repeated(w, map, definition, first, () =>
                    {
                        w.WriteStartObject();
                        w.WritePropertyName("key");
                        Write(w, map.Key, false, jsonText);
                        w.WritePropertyName("value");
                        Write(w, map.Value, false, jsonText);
                        w.WriteEndObject();
                    });
                    break;
                default:
                    throw new InvalidDataException($"column '{field.Path}' has a schema type ({field.SchemaType}) that cannot be read");
            }
        }

        // A list or map: null below the group's own level, empty below its repeated group's, else elements while the
        // next entry repeats at this list's level.
        private void Repeated(Utf8JsonWriter w, Field group, int definition, Leaf first, System.Action element)
        {
            if (definition < group.MaxDefinitionLevel - 1)
            {
                w.WriteNullValue();
                Skip(group);
                return;
            }
            w.WriteStartArray();
            if (definition < group.MaxDefinitionLevel) Skip(group);
            else
                do element();
                while (first.Continues(group.MaxRepetitionLevel));
            w.WriteEndArray();
        }

        /// <summary>A null or empty group takes one entry in each leaf below it.</summary>
        private void Skip(Field field)
        {
            if (field is DataField leaf) _leaves[leaf].Skip();
            else foreach (var child in Children(field)) Skip(child);
        }

        private Leaf First(Field field)
        {
            if (_first.TryGetValue(field, out var leaf)) return leaf;
            var f = field;
            while (f is not DataField) f = Children(f).First();
            return _first[field] = _leaves[(DataField)f];
        }

        private static IEnumerable<Field> Children(Field field) => field switch
        {
            StructField s => s.Fields,
            ListField l => [l.Item],
            MapField m => [m.Key, m.Value],
            _ => [],
        };
    }

    /// <summary>One leaf column of a row group: its dense values and its levels, with a cursor.</summary>
    private abstract class Leaf
    {
        protected int[]? Definitions;
        protected int[]? Repetitions;
        protected int Position;
        protected int ValueIndex;
        protected int Count;
        protected DataField Field = null!;

        public int Definition => Definitions is null ? Field.MaxDefinitionLevel : Definitions[Position];

        /// <summary>Whether the entry at the cursor continues the repeated node at <paramref name="level"/>.</summary>
        public bool Continues(int level) => Position < Count && Repetitions is not null && Repetitions[Position] == level;

        public void Skip() => Position++;

        public void WriteValue(Utf8JsonWriter w, bool isJsonText)
        {
            WriteValue(w, ValueIndex++, isJsonText);
            Position++;
        }

        protected abstract void WriteValue(Utf8JsonWriter w, int index, bool isJsonText);

        public static Leaf Read(ParquetRowGroupReader rowGroup, DataField field)
        {
            var t = field.ClrType;
            if (t == typeof(ReadOnlyMemory<char>)) return Read<ReadOnlyMemory<char>>(rowGroup, field);
            if (t == typeof(ReadOnlyMemory<byte>)) return Read<ReadOnlyMemory<byte>>(rowGroup, field);
            if (t == typeof(bool)) return Read<bool>(rowGroup, field);
            if (t == typeof(int)) return Read<int>(rowGroup, field);
            if (t == typeof(long)) return Read<long>(rowGroup, field);
            if (t == typeof(short)) return Read<short>(rowGroup, field);
            if (t == typeof(sbyte)) return Read<sbyte>(rowGroup, field);
            if (t == typeof(byte)) return Read<byte>(rowGroup, field);
            if (t == typeof(ushort)) return Read<ushort>(rowGroup, field);
            if (t == typeof(uint)) return Read<uint>(rowGroup, field);
            if (t == typeof(ulong)) return Read<ulong>(rowGroup, field);
            if (t == typeof(float)) return Read<float>(rowGroup, field);
            if (t == typeof(double)) return Read<double>(rowGroup, field);
            if (t == typeof(decimal)) return Read<decimal>(rowGroup, field);
            if (t == typeof(DateTime)) return Read<DateTime>(rowGroup, field);
            if (t == typeof(DateOnly)) return Read<DateOnly>(rowGroup, field);
            if (t == typeof(TimeSpan)) return Read<TimeSpan>(rowGroup, field);
            if (t == typeof(TimeOnly)) return Read<TimeOnly>(rowGroup, field);
            if (t == typeof(Guid)) return Read<Guid>(rowGroup, field);
            throw new InvalidDataException($"column '{field.Path}' has a type ({t.Name}) this reader does not map to JSON");
        }

        private static Leaf<T> Read<T>(ParquetRowGroupReader rowGroup, DataField field) where T : struct
        {
            var count = checked((int)(rowGroup.GetMetadata(field)?.MetaData?.NumValues
                ?? throw new InvalidDataException($"column '{field.Path}' is missing from a row group")));
            var leaf = new Leaf<T>
            {
                Field = field, Count = count, Values = new T[count],
                Definitions = field.MaxDefinitionLevel > 0 ? new int[count] : null,
                Repetitions = field.MaxRepetitionLevel > 0 ? new int[count] : null,
            };
            // Nullable on purpose: a null array would convert to an empty memory, which the reader takes as too small.
            Memory<int>? definitions = leaf.Definitions is { } d ? (Memory<int>?)d : null, repetitions = leaf.Repetitions is { } r ? (Memory<int>?)r : null;
            rowGroup.ReadRawAsync<T>(field, leaf.Values, definitions, repetitions).AsTask().GetAwaiter().GetResult();
            return leaf;
        }
    }

    private sealed class Leaf<T> : Leaf where T : struct
    {
        public T[] Values = [];

        protected override void WriteValue(Utf8JsonWriter w, int index, bool isJsonText)
        {
            object value = Values[index];
            switch (value)
            {
                case ReadOnlyMemory<char> text when isJsonText: w.WriteRawValue(text.Span, skipInputValidation: true); break;
                case ReadOnlyMemory<char> text: w.WriteStringValue(text.Span); break;
                case ReadOnlyMemory<byte> json when isJsonText: w.WriteRawValue(json.Span, skipInputValidation: true); break; // JSON logical type
                case ReadOnlyMemory<byte> bytes: w.WriteBase64StringValue(bytes.Span); break;
                case bool b: w.WriteBooleanValue(b); break;
                case int i: w.WriteNumberValue(i); break;
                case long l: w.WriteNumberValue(l); break;
                case short s: w.WriteNumberValue(s); break;
                case sbyte s: w.WriteNumberValue(s); break;
                case byte b: w.WriteNumberValue(b); break;
                case ushort u: w.WriteNumberValue(u); break;
                case uint u: w.WriteNumberValue(u); break;
                case ulong u: w.WriteNumberValue(u); break;
                case decimal d: w.WriteNumberValue(d); break;
                case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
                case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
                case float or double: w.WriteNullValue(); break; // JSON has no NaN or infinity
                // Timestamps as UTC ISO 8601, as the JSONL has them (a timestamp not adjusted to UTC is taken as UTC).
                case DateTime t: w.WriteStringValue(TraceJsonWriter.FormatTime(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)))); break;
                case DateOnly d: w.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
                case TimeOnly t: w.WriteStringValue(t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)); break;
                case TimeSpan t: w.WriteStringValue(t.ToString("c", CultureInfo.InvariantCulture)); break;
                case Guid g: w.WriteStringValue(g.ToString("D")); break;
                default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }
    }
}
