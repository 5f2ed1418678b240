namespace TraceCurate.Parquet;

/// <summary>
/// Writes rows to a Parquet file (layout: "PAR1", row groups of column chunks, Thrift compact
/// FileMetaData, its 4-byte LE length, "PAR1"). Rows are buffered per row group and flushed
/// when <see cref="ParquetWriteOptions.RowGroupRows"/> or <see cref="ParquetWriteOptions.RowGroupBytes"/>
/// is reached; <see cref="Dispose"/> flushes the last row group and writes the footer.
/// Output is deterministic: the same rows and options give byte-identical files
/// (ZSTD/GZIP bytes depend on the native library version).
/// </summary>
/// <example>
/// <code>
/// var schema = new ParquetSchema([ParquetField.String("id", required: true), ParquetField.Int64("n"),
///     ParquetField.List("messages", ParquetField.Struct("item", ParquetField.String("role"), ParquetField.String("text")))]);
/// using var writer = new ParquetFileWriter(stream, schema, new ParquetWriteOptions { CreatedBy = "trace-curate version 0.1.0" });
/// writer.WriteRow(["a", 3L, new object?[] { new object?[] { "user", "hi" } }]);
/// </code>
/// </example>
public sealed class ParquetFileWriter : IDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();
    private readonly CountingStream _stream;
    private readonly bool _leaveOpen;
    private readonly ParquetWriteOptions _options;
    private readonly List<SchemaElement> _elements;
    private readonly SchemaNode _root;
    private readonly List<ColumnWriter> _columns = new();
    private readonly RowShredder _shredder;
    private readonly List<RowGroup> _rowGroups = new();
    private long _rowsInGroup, _totalRows;
    private bool _disposed;

    public ParquetFileWriter(Stream stream, ParquetSchema schema, ParquetWriteOptions? options = null, bool leaveOpen = false)
        : this(stream, SchemaConverter.ToElements(schema ?? throw new ArgumentNullException(nameof(schema))), options, leaveOpen)
    {
        Schema = schema;
    }

    /// <summary>
    /// Writes with a hand-made flattened schema, e.g. the legacy list and map layouts other writers
    /// produce, so tests can check how independent readers and ours interpret them.
    /// </summary>
    internal ParquetFileWriter(Stream stream, List<SchemaElement> elements, ParquetWriteOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException("The stream must be writable", nameof(stream));
        _options = options ?? new ParquetWriteOptions();
        _options.Validate();
        _stream = new CountingStream(stream); _leaveOpen = leaveOpen;
        _elements = elements;
        var leaves = new List<SchemaNode>();
        _root = SchemaNode.Build(_elements, leaves);
        Schema = new ParquetSchema(_root.Children.Select(c => SchemaConverter.ToField(c)));
        var leafFields = new Dictionary<SchemaNode, ParquetField>();
        foreach (var leaf in leaves)
        {
            _columns.Add(new ColumnWriter(leaf, _options));
            leafFields[leaf] = SchemaConverter.LeafField(leaf.Element, leaf.Name, true);
        }
        _shredder = new RowShredder(_columns, leafFields);
        _stream.Write(Magic);
    }

    public ParquetSchema Schema { get; }

    /// <summary>Rows written so far.</summary>
    public long RowCount => _totalRows;

    /// <summary>
    /// Writes one row: one value per top-level field, in schema order. Lists are any IEnumerable;
    /// structs are positional object?[] / IReadOnlyList&lt;object?&gt;, <see cref="ParquetRecord"/>
    /// or IDictionary&lt;string, object?&gt;. Strings are string, timestamps DateTimeOffset or UTC
    /// DateTime, UUIDs Guid or string. A row that fails validation is rejected before anything is buffered.
    /// </summary>
    public void WriteRow(IReadOnlyList<object?> values) => WriteRowObject(values);

    /// <summary>Writes one row given as named values (e.g. a row read by <see cref="ParquetFileReader"/>).</summary>
    public void WriteRow(ParquetRecord row) => WriteRowObject(row);

    private void WriteRowObject(object row)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _shredder.Shred(_root, row);
        foreach (var column in _columns) column.EndRow();
        _rowsInGroup++; _totalRows++;
        if (_rowsInGroup >= _options.RowGroupRows || BufferedBytes() >= _options.RowGroupBytes) FlushRowGroup();
    }

    private long BufferedBytes()
    {
        long total = 0;
        foreach (var column in _columns) total += column.BufferedBytes;
        return total;
    }

    /// <summary>Closes the current row group (if it has rows) so the next row starts a new one.</summary>
    public void FlushRowGroup()
    {
        if (_rowsInGroup == 0) return;
        // ordinal is an optional i16; beyond 32767 row groups it is left out rather than wrapped.
        var group = new RowGroup { NumRows = _rowsInGroup, Ordinal = _rowGroups.Count <= short.MaxValue ? (short)_rowGroups.Count : null };
        foreach (var column in _columns)
        {
            var chunk = column.Flush(_stream);
            group.Columns.Add(chunk);
            group.TotalByteSize += chunk.MetaData!.TotalUncompressedSize;
        }
        var first = group.Columns[0].MetaData!;
        group.FileOffset = first.DictionaryPageOffset ?? first.DataPageOffset;
        group.TotalCompressedSize = group.Columns.Sum(c => c.MetaData!.TotalCompressedSize);
        _rowGroups.Add(group);
        _rowsInGroup = 0;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        FlushRowGroup();
        var meta = new FileMetaData
        {
            Version = 1, Schema = _elements, NumRows = _totalRows, RowGroups = _rowGroups, CreatedBy = _options.CreatedBy,
            ColumnOrderCount = _columns.Count,
            KeyValueMetadata = _options.KeyValueMetadata.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)).ToList(),
        };
        var footer = new MemoryStream();
        meta.Write(new ThriftCompactWriter(footer));
        _stream.Write(footer.GetBuffer(), 0, (int)footer.Length);
        _stream.Write(BitConverter.GetBytes((int)footer.Length));
        _stream.Write(Magic);
        _stream.Flush();
        if (!_leaveOpen) _stream.Inner.Dispose();
    }
}
