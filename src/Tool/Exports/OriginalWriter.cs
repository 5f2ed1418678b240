using TraceCurate.Diagnostics;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: original</c>: each kept record exactly as it was in the input. For line formats (AgentTrace, trace) the
/// record's bytes are copied, one per line, into the output's file. For session formats, where one file is one
/// record (<see cref="TraceSource.WholeFile"/>), the output path is a folder and each kept session's file is written
/// into it unchanged (decompressed), named after the input file. Several traces of one record are written once.
/// </summary>
internal sealed class OriginalWriter(OutputTarget target, ExportOptions? options = null) : ITraceWriter
{
    private readonly SessionFileNames _names = new();
    private Stream? _stream;
    private TraceSource? _last;
    private string? _lineFormat, _sessionFormat;

    public long Records { get; private set; }

    /// <summary>Traces whose record was copied already, with an earlier trace of it (<c>record_already_written</c>).</summary>
    public IReadOnlyDictionary<string, long> Skipped => _skipped;

    private readonly SortedDictionary<string, long> _skipped = new(StringComparer.Ordinal);

    private void Skip() => _skipped[SharedRecord] = _skipped.GetValueOrDefault(SharedRecord) + 1;

    /// <summary>The skip reason of a trace whose record was written with an earlier trace of that record.</summary>
    public const string SharedRecord = "record_already_written";

    public void Write(Trace trace)
    {
        var source = trace.Source;
        if (source.Raw.IsEmpty)
            throw new InvalidOperationException($"trace {trace.Id} has no original record to copy (format '{trace.Format}')");
        // Several traces of one record (branches, sub-agents) share one source; copy the record once.
        if (_last is not null && ReferenceEquals(_last, source)) { Skip(); return; }
        _last = source;
        if (source.WholeFile && IsParquet(source.Path))
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.OutputFailed,
                $"output '{target.RelativePath}' (format: original) cannot copy trace {trace.Id}: it was read from a Parquet file " +
                "(agenttrace-parquet), whose rows have no original bytes; write format: parquet or format: trace instead", source.Path, source.Line));
        if (source.WholeFile) WriteSession(trace, source);
        else WriteLine(trace, source);
    }

    private void WriteLine(Trace trace, TraceSource source)
    {
        _lineFormat ??= trace.Format;
        CheckNotMixed();
        _stream ??= target.OpenFile();
        _stream.Write(source.Raw.Span);
        _stream.WriteByte((byte)'\n');
        Records++;
    }

    private void WriteSession(Trace trace, TraceSource source)
    {
        _sessionFormat ??= trace.Format;
        CheckNotMixed();
        if (_names.For(source.Path) is not { } name) { Skip(); return; } // this file was written already (another trace of it)
        using var file = target.OpenFile(name);
        file.Write(source.Raw.Span);
        Records++;
    }

    private string? _checkedPath;
    private bool _checkedIsParquet;

    /// <summary>Parquet inputs are read one row per record (docs/parquet.md); the file's magic decides, as for sniffing.</summary>
    private bool IsParquet(string path)
    {
        if (_checkedPath == path) return _checkedIsParquet;
        try
        {
            _checkedIsParquet = Formats.FormatDetector.HasMagic(path, "PAR1"u8); // a pipe's head from its one read, not a second open
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _checkedIsParquet = false; // gone since it was read: whatever it was, it was not read as Parquet rows
        }
        _checkedPath = path;
        return _checkedIsParquet;
    }

    /// <summary>One output path cannot be a file of lines and a folder of sessions at once.</summary>
    private void CheckNotMixed()
    {
        if (_lineFormat is null || _sessionFormat is null) return;
        throw new TraceCurateException((options ?? ExportOptions.Default).Error(DiagnosticCodes.OutputFailed,
            $"output '{target.RelativePath}' (format: original) would mix line records ({_lineFormat}) with whole session files " +
            $"({_sessionFormat}); write them to two outputs, e.g. with a 'where' on t.Format before each"));
    }

    public void Complete()
    {
        // An output that kept nothing is an empty file, not a missing one; a session output is a folder, and an empty
        // folder is simply absent (the path names a folder when it ends with '/').
        if (_sessionFormat is not null || target.RelativePath.EndsWith('/')) return;
        _stream ??= target.OpenFile();
        _stream.Flush();
    }

    public void Dispose() => _stream?.Dispose();
}
