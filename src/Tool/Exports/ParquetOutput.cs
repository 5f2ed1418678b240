using Parquet;
using Parquet.Schema;

namespace TraceCurate.Exports;

/// <summary>
/// A Parquet file written through Parquet.Net's column API: the caller shreds rows into <see cref="IParquetLeaf"/>
/// buffers and calls <see cref="RowAdded"/>; a row group is written when it reaches <c>row_group_rows</c> rows or about
/// <see cref="ParquetWriteSettings.RowGroupBytes"/> of values, whichever comes first, so memory stays bounded
/// whatever the input size (docs/parquet.md). Deterministic: the bytes depend only on the rows and the settings.
/// </summary>
internal sealed class ParquetOutput : IDisposable
{
    private readonly Stream _stream;
    private readonly ParquetSchema _schema;
    private readonly IReadOnlyList<IParquetLeaf> _leaves;
    private readonly ParquetWriteSettings _settings;
    private ParquetWriter? _writer;
    private int _rows;
    private long _bytes;
    private bool _completed;

    public ParquetOutput(Stream stream, ParquetSchema schema, IReadOnlyList<IParquetLeaf> leaves, ParquetWriteSettings settings)
    {
        _stream = stream;
        _schema = schema;
        _leaves = leaves;
        _settings = settings;
    }

    /// <summary>One row was shredded into the leaves, holding about <paramref name="bytes"/> of values.</summary>
    public void RowAdded(long bytes)
    {
        _rows++;
        _bytes += bytes;
        if (_rows >= _settings.RowGroupRows || _bytes >= _settings.RowGroupBytes) Flush();
    }

    /// <summary>Writes the last row group and the footer. An output with no rows is a valid file with no row groups.</summary>
    public void Complete()
    {
        if (_completed) return;
        Flush();
        Writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
        _completed = true;
    }

    public void Dispose()
    {
        if (!_completed) _stream.Dispose(); // a failed run: the runner discards the file
    }

    private ParquetWriter Writer => _writer ??= Create();

    private ParquetWriter Create()
    {
        var writer = ParquetWriter.CreateAsync(_schema, _stream, _settings.Options).GetAwaiter().GetResult();
        // Parquet.Net's own created_by cannot be changed; the tool and its version go in the key/value metadata.
        writer.CustomMetadata = new Dictionary<string, string> { ["trace-curate"] = ToolVersion.Current };
        return writer;
    }

    private void Flush()
    {
        if (_rows == 0) return;
        using (var rowGroup = Writer.CreateRowGroup())
        {
            foreach (var leaf in _leaves) leaf.WriteAsync(rowGroup).GetAwaiter().GetResult();
            rowGroup.CompleteValidate();
        }
        foreach (var leaf in _leaves) leaf.Clear();
        _rows = 0;
        _bytes = 0;
    }
}
