using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Parquet;
using Parquet.Schema;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Streams the rows of a Parquet file through Parquet.Net's column API, one row group in memory at a time, each row
/// rebuilt as the JSON object it stands for (record assembly): structs become objects, lists (and maps, as lists of
/// <c>{key, value}</c>) arrays, from the columns' definition and repetition levels, whatever wrote the file (ours,
/// DuckDB's, pyarrow's). Every Parquet reader of the tool (chat rows, AgentTrace, the trace shape) maps the JSON its
/// JSONL reader already knows. Parquet.Net's own row deserializer compiles expression trees, which fail where the tool
/// runs without dynamic code (Tool.csproj), so the levels are read here, as the Parquet format defines them.
/// </summary>
internal sealed class ParquetRowAssembler
{
    /// <summary>Names a string column as JSON text: returns the field name to give it, or null for an ordinary column.</summary>
    public delegate string? JsonTextColumn(Field field, bool topLevel);

    /// <summary>
    /// How a reader wants its rows. <see cref="JsonText"/> names the string columns whose text is copied into the row
    /// as JSON (the reader's own parse later checks it and reports a bad row at its number). <see cref="Spread"/>, when
    /// set, names string columns, at any level, holding a JSON object whose members are written into the enclosing
    /// object, before its other columns, so that they win over a column of the same name (the trace shape's
    /// <c>extra</c>, docs/parquet.md).
    /// </summary>
    public sealed record Shape(JsonTextColumn? JsonText = null, string? Spread = null)
    {
        /// <summary>Every column as it is; only columns whose logical type is JSON are JSON text.</summary>
        public static readonly Shape AsWritten = new();
    }

    // Dates as DateOnly (Parquet.Net's default is a DateTime at midnight, which would print as a timestamp). The page
    // pools bounded as the writers bound them (Exports/ParquetWriteSettings): Parquet.Net's default keeps up to 64 MB
    // of free large buffers per buffer size, so every page size a read used would stay allocated.
    private static readonly ParquetOptions Options = new()
    {
        UseDateOnlyTypeForDates = true,
        MaximumSmallPoolFreeBytes = 4 * 1024 * 1024,
        MaximumLargePoolFreeBytes = 1, // keep none (0 would mean no bound)
    };

    private readonly ParquetSchema _schema;
    private readonly Shape _shape;
    private readonly IReadOnlySet<global::Parquet.Meta.SchemaElement> _strings;
    private readonly Dictionary<Field, Leaf> _leaves = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Field, Leaf> _first = new(ReferenceEqualityComparer.Instance);
    private readonly List<HashSet<string>> _namesAtDepth = [];
    private readonly ArrayBufferWriter<byte> _discarded = new();
    private Utf8JsonWriter? _discard;
    private int _depth;

    private ParquetRowAssembler(ParquetSchema schema, Shape shape, IReadOnlySet<global::Parquet.Meta.SchemaElement> strings)
    {
        _schema = schema;
        _shape = shape;
        _strings = strings;
    }

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

    /// <summary>Every row of the file in order, as UTF-8 JSON in an array of its own (tests; readers take <see cref="Records"/>).</summary>
    public static IEnumerable<byte[]> Read(string path, Shape shape) => Rows(path, shape).Select(row => row.ToArray());

    /// <summary>
    /// Every row of the file as a record, <see cref="RawRecord.Line"/> its 1-based row number. Rows are packed into
    /// pooled chunks, as JSONL lines are (<see cref="LineChunk"/>): a row of a long trajectory is often over 85 kB, and
    /// an array of its own per row put every one on the large-object heap, which only full collections reclaim, so the
    /// heap grew with the file (bench/README.md, chat rows).
    /// </summary>
    public static IEnumerable<RawRecord> Records(InputFile file, Shape shape)
    {
        LineChunk? chunk = null;
        var used = 0;
        long row = 0;
        try
        {
            foreach (var json in Rows(file.Path, shape))
            {
                if (chunk is null || used + json.Length > chunk.Array.Length)
                {
                    chunk?.Release(); // the splitter's reference; the records cut from it keep theirs
                    chunk = LineChunk.Rent(Math.Max(JsonLines.ChunkBytes, json.Length));
                    used = 0;
                }
                json.Span.CopyTo(chunk.Array.AsSpan(used));
                chunk.AddReference();
                var record = new RawRecord(file, ++row, chunk.Array.AsMemory(used, json.Length)) { Chunk = chunk };
                used += json.Length;
                yield return record;
            }
        }
        finally
        {
            chunk?.Release();
        }
    }

    /// <summary>
    /// Every row of the file in order, as UTF-8 JSON valid until the next row is asked for; a name seen twice in one
    /// object keeps its first value.
    /// </summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Rows(string path, Shape shape)
    {
        var reader = Damaged(() => ParquetReader.CreateAsync(path, Options).GetAwaiter().GetResult(), "the Parquet file cannot be opened");
        try
        {
            var buffer = new ArrayBufferWriter<byte>();
            var strings = ParquetTextAsBytes.Unannotate(reader.Metadata); // before the schema is built from the footer
            var schema = Damaged(() => reader.Schema, "the Parquet file's schema cannot be read"); // built from the footer on each use
            var groups = reader.RowGroupCount;
            var assembler = new ParquetRowAssembler(schema, shape, strings);
            long row = 0;
            for (var g = 0; g < groups; g++)
            {
                var what = $"row group {g + 1} of {groups} cannot be read (damaged Parquet data, or a feature Parquet.Net 6.1 cannot read)";
                using var rowGroup = Damaged(() => reader.OpenRowGroupReader(g), what);
                Damaged(() => assembler.ReadColumnsOnOwnThread(rowGroup), what);
                for (long r = 0; r < rowGroup.RowCount; r++)
                {
                    row++;
                    buffer.ResetWrittenCount();
                    Damaged(() =>
                    {
                        using var w = new Utf8JsonWriter(buffer, TraceJsonWriter.Options);
                        assembler.WriteRow(w, row);
                        return 0;
                    }, what);
                    yield return buffer.WrittenMemory;
                }
                assembler.ReleaseColumns();
                // A large group's decoded columns are now garbage, most of it on the large-object heap and in gen 2, which
                // the server GC leaves uncollected for a long time: peak memory grew with the file (bench/README.md).
                if (rowGroup.RowGroup.TotalByteSize >= CollectAfterBytes) GC.Collect();
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Whatever Parquet.Net (or the level walk over damaged levels) throws on a file it cannot read becomes one
    /// <see cref="InvalidDataException"/> saying so: the input error names the file, not a library's internals. An
    /// <see cref="InvalidDataException"/> of the assembler's own already says what is wrong, and passes as it is.
    /// </summary>
    internal static T Damaged<T>(Func<T> read, string what)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not (IOException or OutOfMemoryException or OperationCanceledException or InvalidDataException))
        {
            throw new InvalidDataException($"{what}: {e.Message}", e);
        }
    }

    /// <summary>Row groups of at least this many bytes (uncompressed) are collected once read: 64 MB.</summary>
    private const long CollectAfterBytes = 64L << 20;

    /// <summary>
    /// Reads a row group's columns on a thread of its own, which ends with the read. Parquet.Net and its decompressor
    /// rent each page's buffers from the shared array pool, which keeps a returned array in the renting thread's cache:
    /// the producer runs on whichever pool thread resumes it, so every thread that once read a row group kept a page
    /// buffer of each size (DuckDB writes pages of up to 100 MB: 128 MB arrays), and the live heap between row groups
    /// grew from 20 to 300-580 MB. A thread's cache dies with it.
    /// </summary>
    private int ReadColumnsOnOwnThread(ParquetRowGroupReader rowGroup)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { ReadColumns(rowGroup); }
            catch (Exception e) { error = e; }
        }) { IsBackground = true, Name = "Parquet row group" };
        thread.Start();
        thread.Join();
        if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return 0; // for Damaged
    }

    private void ReadColumns(ParquetRowGroupReader rowGroup)
    {
        foreach (var field in _schema.GetDataFields())
            _leaves[field] = Leaf.Read(rowGroup, field, field.SchemaElement is { } element && _strings.Contains(element));
    }

    /// <summary>
    /// Lets a row group's columns go once its rows are written: replaced one by one as the next group was read, each
    /// stayed alive until its successor was decoded, and the largest (the messages' text) was held twice.
    /// </summary>
    private void ReleaseColumns()
    {
        _first.Clear();
        _leaves.Clear();
    }

    private void WriteRow(Utf8JsonWriter w, long row)
    {
        try
        {
            w.WriteStartObject();
            WriteMembers(w, _schema.Fields, topLevel: true);
            w.WriteEndObject();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"row {row}: {e.Message}", e);
        }
    }

    /// <summary>The members of one object: spread columns first, then every other column whose name is not yet taken.</summary>
    private void WriteMembers(Utf8JsonWriter w, IReadOnlyList<Field> fields, bool topLevel)
    {
        if (_namesAtDepth.Count == _depth) _namesAtDepth.Add(new HashSet<string>(StringComparer.Ordinal));
        var names = _namesAtDepth[_depth++];
        names.Clear();
        foreach (var field in fields)
            if (IsSpread(field)) Spread(w, (DataField)field, names);
        foreach (var field in fields)
        {
            if (IsSpread(field)) continue;
            var jsonName = _shape.JsonText?.Invoke(field, topLevel);
            if (!names.Add(jsonName ?? field.Name))
            {
                Discard(field, jsonName is not null); // both X and X_json, or a spread key: the first wins, the other is still consumed
                continue;
            }
            w.WritePropertyName(jsonName ?? field.Name);
            Write(w, field, jsonName is not null);
        }
        _depth--;
    }

    private bool IsSpread(Field field) => _shape.Spread is { } name && field.Name == name && field is DataField { IsArray: false } data && Leaf.IsText(data);

    /// <summary>A spread column's JSON object, member by member; null adds nothing; anything else is an error naming the column.</summary>
    private void Spread(Utf8JsonWriter w, DataField field, HashSet<string> names)
    {
        var leaf = _leaves[field];
        if (leaf.Definition < field.MaxDefinitionLevel)
        {
            leaf.Skip();
            return;
        }
        var utf8 = leaf.TakeUtf8();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"column '{field.Path}' must hold a JSON object: {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"column '{field.Path}' must hold a JSON object, not {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            foreach (var member in doc.RootElement.EnumerateObject())
            {
                if (!names.Add(member.Name)) continue;
                member.WriteTo(w);
            }
        }
    }

    private void Write(Utf8JsonWriter w, Field field, bool isJsonText)
    {
        var first = First(field);
        var definition = first.Definition;
        switch (field)
        {
            case DataField { IsArray: true } repeated: // a bare repeated leaf (legacy lists)
                w.WriteStartArray();
                if (definition >= repeated.MaxDefinitionLevel)
                    do first.WriteValue(w, isJsonText);
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
                WriteMembers(w, group.Fields, topLevel: false);
                w.WriteEndObject();
                break;
            case ListField list:
                Repeated(w, list, definition, first, () => Write(w, list.Item, _shape.JsonText?.Invoke(list.Item, false) is not null));
                break;
            case MapField map:
                Repeated(w, map, definition, first, () =>
                {
                    w.WriteStartObject();
                    w.WritePropertyName("key");
                    Write(w, map.Key, false);
                    w.WritePropertyName("value");
                    Write(w, map.Value, false);
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

    /// <summary>A column whose name is already taken: its value is read (every leaf below it moves on) and dropped.</summary>
    private void Discard(Field field, bool isJsonText)
    {
        _discarded.ResetWrittenCount();
        if (_discard is null) _discard = new Utf8JsonWriter(_discarded, new JsonWriterOptions { SkipValidation = true });
        else _discard.Reset(_discarded);
        Write(_discard, field, isJsonText);
        _discard.Flush();
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

    /// <summary>One leaf column of a row group: its dense values and its levels, with a cursor.</summary>
    private abstract class Leaf
    {
        protected int[]? Definitions;
        protected int[]? Repetitions;
        protected int Position;
        protected int ValueIndex;
        protected int Count;
        protected DataField Field = null!;

        /// <summary>The column's logical type is JSON (DuckDB's JSON, datasets' <c>Json()</c>): its text is JSON when it parses as JSON.</summary>
        protected bool IsJsonType;

        /// <summary>FIXED_LEN_BYTE_ARRAY (ids, hashes, arrow-rs's UUIDs): binary, even when its bytes happen to be ASCII.</summary>
        protected bool IsFixedLength;

        /// <summary>A string column read as its UTF-8 bytes (<see cref="ParquetTextAsBytes"/>): always text, never base64.</summary>
        protected bool IsString;

        // UTF-8 of a text value, for JSON checks and spread columns (reused: one value at a time).
        private byte[] _utf8 = [];

        public int Definition => Definitions is null ? Field.MaxDefinitionLevel : Definitions[Position];

        /// <summary>Whether the entry at the cursor continues the repeated node at <paramref name="level"/>.</summary>
        public bool Continues(int level) => Position < Count && Repetitions is not null && Repetitions[Position] == level;

        public void Skip() => Position++;

        public void WriteValue(Utf8JsonWriter w, bool isJsonText)
        {
            WriteValue(w, ValueIndex++, isJsonText);
            Position++;
        }

        /// <summary>The text value at the cursor as UTF-8 (valid until the next call); the cursor moves on.</summary>
        public ReadOnlyMemory<byte> TakeUtf8()
        {
            var value = Text(ValueIndex++);
            Position++;
            return value;
        }

        protected abstract void WriteValue(Utf8JsonWriter w, int index, bool isJsonText);

        protected abstract ReadOnlyMemory<byte> Text(int index);

        /// <summary>
        /// A string value's bytes as the text Parquet.Net would have decoded: as they are when valid UTF-8, else decoded
        /// with U+FFFD for each invalid sequence (Parquet.Net's decoder) and encoded again.
        /// </summary>
        protected ReadOnlyMemory<byte> StringUtf8(ReadOnlyMemory<byte> bytes) =>
            Utf8.IsValid(bytes.Span) ? bytes : Utf8Of(Encoding.UTF8.GetString(bytes.Span));

        protected ReadOnlyMemory<byte> Utf8Of(ReadOnlySpan<char> text)
        {
            var max = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (_utf8.Length < max) _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
            return _utf8.AsMemory(0, Encoding.UTF8.GetBytes(text, _utf8));
        }

        public static bool IsText(DataField field) => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>)
            || field.ClrType == typeof(byte[]) || field.ClrType == typeof(ReadOnlyMemory<byte>);

        /// <summary>Whether the bytes are one whole JSON value.</summary>
        protected static bool IsJson(ReadOnlySpan<byte> utf8)
        {
            try
            {
                var reader = new Utf8JsonReader(utf8);
                while (reader.Read()) { }
                return reader.BytesConsumed > 0;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        /// <summary>The column's values in this row group; <paramref name="isString"/>: a string column whose annotation was taken off.</summary>
        public static Leaf Read(ParquetRowGroupReader rowGroup, DataField field, bool isString)
        {
            var t = field.ClrType;
            if (t == typeof(ReadOnlyMemory<char>) || t == typeof(string)) return Read<ReadOnlyMemory<char>>(rowGroup, field);
            if (t == typeof(ReadOnlyMemory<byte>) || t == typeof(byte[]))
            {
                var leaf = Read<ReadOnlyMemory<byte>>(rowGroup, field);
                leaf.IsString = isString;
                return leaf;
            }
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
            var element = field.SchemaElement;
            var leaf = new Leaf<T>
            {
                Field = field, Count = count, Values = new T[count],
                Definitions = field.MaxDefinitionLevel > 0 ? new int[count] : null,
                Repetitions = field.MaxRepetitionLevel > 0 ? new int[count] : null,
                IsJsonType = element?.LogicalType?.JSON is not null || element?.ConvertedType == global::Parquet.Meta.ConvertedType.JSON,
                IsFixedLength = element?.Type == global::Parquet.Meta.Type.FIXED_LEN_BYTE_ARRAY,
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

        protected override ReadOnlyMemory<byte> Text(int index) => Values[index] switch
        {
            ReadOnlyMemory<char> text => Utf8Of(text.Span),
            ReadOnlyMemory<byte> bytes when IsString => StringUtf8(bytes),
            ReadOnlyMemory<byte> bytes => bytes,
            _ => throw new InvalidDataException($"column '{Field.Path}' is not a text column"),
        };

        protected override void WriteValue(Utf8JsonWriter w, int index, bool isJsonText)
        {
            object value = Values[index];
            switch (value)
            {
                // A column the reader names as JSON text: copied as it is (the reader's parse checks it).
                case ReadOnlyMemory<char> text when isJsonText: w.WriteRawValue(text.Span, skipInputValidation: true); break;
                case ReadOnlyMemory<byte> when isJsonText: w.WriteRawValue(Text(index).Span, skipInputValidation: true); break;
                // A column whose logical type is JSON: its text when it is not JSON after all.
                case ReadOnlyMemory<char> or ReadOnlyMemory<byte> when IsJsonType && Text(index) is var utf8 && IsJson(utf8.Span):
                    w.WriteRawValue(utf8.Span, skipInputValidation: true);
                    break;
                case ReadOnlyMemory<char> text: w.WriteStringValue(text.Span); break;
                case ReadOnlyMemory<byte> when IsString: w.WriteStringValue(Text(index).Span); break;
                // A BYTE_ARRAY without a string annotation: its text when it is valid UTF-8 (writers leave the annotation off
                // JSON and plain text alike), else base64; a FIXED_LEN_BYTE_ARRAY always base64.
                case ReadOnlyMemory<byte> bytes when !IsFixedLength && Utf8.IsValid(bytes.Span): w.WriteStringValue(bytes.Span); break;
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
