using System.Buffers.Binary;

namespace TraceCurate.Parquet;

/// <summary>
/// Reads Parquet files written by trace-curate, DuckDB, pyarrow and other parquet-format writers.
/// <para>API:</para>
/// <list type="bullet">
/// <item><c>ParquetFileReader.Open(stream)</c> / <c>Open(path)</c>: reads only the footer (last 8 bytes, then FileMetaData). The stream must be seekable.</item>
/// <item><c>Schema</c>: the top-level fields; lists (3-level, legacy 2-level, bare repeated fields) and maps (as lists of key/value structs) become <see cref="ParquetFieldKind.List"/>.</item>
/// <item><c>RowCount</c>, <c>CreatedBy</c>, <c>KeyValueMetadata</c> / <c>Metadata</c>, <c>RowGroups</c> (per-chunk codec, encodings, sizes, statistics).</item>
/// <item><c>ReadRows()</c>: streams rows one row group at a time (only that row group's column chunks are in memory); <c>ReadRowGroup(i)</c> reads one.</item>
/// </list>
/// <para>Row values (<see cref="ParquetRecord"/>): null; string (UTF8/STRING/JSON/ENUM); int (INT32, INT(8/16/32));
/// long (INT64, unsigned INT32); ulong (unsigned INT64); float; double; bool; decimal (DECIMAL; a string when wider than System.Decimal);
/// DateTimeOffset with offset zero (INT64 TIMESTAMP millis/micros/nanos, legacy INT96; nanoseconds are truncated to 100 ns ticks;
/// isAdjustedToUTC=false values are returned as if UTC); DateOnly (DATE); string "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (UUID);
/// byte[] (other BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY); <see cref="IReadOnlyList{T}"/> of object? (lists); <see cref="ParquetRecord"/> (structs).</para>
/// <para>Malformed input throws <see cref="ParquetFormatException"/> naming the row group, column and file offset.</para>
/// </summary>
public sealed class ParquetFileReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly FileMetaData _meta;
    private readonly SchemaNode _root;
    private readonly List<SchemaNode> _leaves = new();
    private readonly long _footerStart;

    private ParquetFileReader(Stream stream, bool leaveOpen)
    {
        _stream = stream; _leaveOpen = leaveOpen;
        long length = stream.Length;
        if (length < 12) throw new ParquetFormatException($"Not a Parquet file: {length} bytes is shorter than the 12-byte minimum (magic + footer length + magic)");
        var tail = ReadAt(length - 8, 8);
        if (!tail.AsSpan(4).SequenceEqual("PAR1"u8))
            throw new ParquetFormatException(tail.AsSpan(4).SequenceEqual("PARE"u8)
                ? "Encrypted Parquet files (magic PARE) are not supported"
                : "Not a Parquet file: the last 4 bytes are not the magic \"PAR1\" (file truncated?)");
        if (!ReadAt(0, 4).AsSpan().SequenceEqual("PAR1"u8)) throw new ParquetFormatException("Not a Parquet file: the first 4 bytes are not the magic \"PAR1\"");
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > length - 12)
            throw new ParquetFormatException($"Corrupt Parquet footer: metadata length {footerLength} does not fit in a {length}-byte file");
        _footerStart = length - 8 - footerLength;
        var footer = ReadAt(_footerStart, footerLength);
        try { _meta = FileMetaData.Read(new ThriftCompactReader(footer, 0, footer.Length, $"file metadata (offset {_footerStart})")); }
        catch (Exception e) when (IsDecodingBug(e)) { throw new ParquetFormatException($"Corrupt file metadata at offset {_footerStart}: {e.GetType().Name}: {e.Message}", e); }
        try
        {
            _root = SchemaNode.Build(_meta.Schema, _leaves);
            Schema = new ParquetSchema(_root.Children.Select(c => SchemaConverter.ToField(c)));
        }
        catch (Exception e) when (e is ParquetFormatException || IsDecodingBug(e))
        {
            throw new ParquetFormatException($"Corrupt schema in the footer: {e.Message}", e);
        }
        RowGroups = _meta.RowGroups.Select((g, i) => ParquetRowGroupInfo.From(g, i)).ToArray();
        var metadata = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var kv in _meta.KeyValueMetadata) metadata.TryAdd(kv.Key, kv.Value);
        Metadata = metadata;
    }

    public static ParquetFileReader Open(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanRead) throw new ArgumentException("Reading Parquet needs a readable, seekable stream", nameof(stream));
        try { return new ParquetFileReader(stream, leaveOpen); }
        catch { if (!leaveOpen) stream.Dispose(); throw; }
    }

    public static ParquetFileReader Open(string path) => Open(File.OpenRead(path));

    public ParquetSchema Schema { get; }
    public long RowCount => _meta.NumRows;
    public string? CreatedBy => _meta.CreatedBy;
    public int FormatVersion => _meta.Version;
    public IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata => _meta.KeyValueMetadata;

    /// <summary>Key/value metadata by key (the first entry wins if a key repeats).</summary>
    public IReadOnlyDictionary<string, string?> Metadata { get; }

    public IReadOnlyList<ParquetRowGroupInfo> RowGroups { get; }

    /// <summary>All rows, one row group in memory at a time.</summary>
    public IEnumerable<ParquetRecord> ReadRows()
    {
        for (int i = 0; i < _meta.RowGroups.Count; i++)
            foreach (var row in ReadRowGroup(i)) yield return row;
    }

    public IReadOnlyList<ParquetRecord> ReadRowGroup(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _meta.RowGroups.Count);
        try { return ReadRowGroupCore(index); }
        // Last line of defence: every decoder validates its input, but if corrupt data still trips an
        // array bound or cast, report it as a format error with the row group instead of leaking the runtime exception.
        catch (Exception e) when (IsDecodingBug(e)) { throw new ParquetFormatException($"row group {index}: corrupt data ({e.GetType().Name}: {e.Message})", e); }
    }

    private static bool IsDecodingBug(Exception e) =>
        e is IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidCastException or OverflowException or ArgumentException;

    private List<ParquetRecord> ReadRowGroupCore(int index)
    {
        var group = _meta.RowGroups[index];
        string where = $"row group {index}";
        if (group.Columns.Count != _leaves.Count)
            throw new ParquetFormatException($"{where}: has {group.Columns.Count} column chunks but the schema has {_leaves.Count} leaf columns");
        var columns = new List<ColumnData>(_leaves.Count);
        for (int c = 0; c < _leaves.Count; c++) columns.Add(ReadChunk(group.Columns[c], _leaves[c], $"{where}, column '{_leaves[c].DottedPath}'"));
        var assembler = new RowAssembler(_root, _leaves, columns, where);
        var rows = new List<ParquetRecord>((int)Math.Min(group.NumRows, 1 << 20));
        for (long r = 0; r < group.NumRows; r++) rows.Add(assembler.ReadRow());
        assembler.Finish();
        return rows;
    }

    private ColumnData ReadChunk(ColumnChunk chunk, SchemaNode leaf, string where)
    {
        if (chunk.FilePath is not null) throw new ParquetFormatException($"{where}: column data in an external file ('{chunk.FilePath}') is not supported");
        var meta = chunk.MetaData ?? throw new ParquetFormatException($"{where}: column chunk has no meta_data");
        if (meta.Type != leaf.Element.Type) throw new ParquetFormatException($"{where}: chunk type {meta.Type} differs from the schema type {leaf.Element.Type}");
        long start = meta.DataPageOffset;
        // Some writers set dictionary_page_offset to 0 when there is none; only trust it when it precedes the data pages.
        if (meta.DictionaryPageOffset is { } d && d >= 4 && d < start) start = d;
        long size = meta.TotalCompressedSize;
        if (start < 4 || size <= 0 || size > int.MaxValue || start + size > _footerStart)
            throw new ParquetFormatException($"{where}: column chunk at offset {start} with {size} bytes lies outside the data area (0..{_footerStart})");
        var bytes = ReadAt(start, (int)size);
        return ColumnReader.Decode(bytes, start, meta, leaf, where);
    }

    private byte[] ReadAt(long offset, int count)
    {
        _stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[count];
        _stream.ReadExactly(buffer);
        return buffer;
    }

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }
}
