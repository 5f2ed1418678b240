using System.Security.Cryptography;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: session-manifest</c>: one JSON line per session file that a <c>format: original</c> output beside it
/// writes (the same names, <see cref="SessionFileNames"/>, in the same order): <c>session</c> (the id of the file's
/// first trace), <c>agent</c>, <c>format</c>, <c>file</c> (under <c>sessions_folder</c>, default <c>sessions/</c>),
/// <c>sha256</c> and <c>bytes</c> of the file as written (redacted), and counts: <c>traces</c>, <c>messages</c>,
/// <c>actions</c>. The index of a shared dataset (recipes/share-sessions.yaml); line records are not sessions and are
/// listed with their line number in place of a file.
/// </summary>
internal sealed class SessionManifestWriter(OutputTarget target, ExportOptions options) : ITraceWriter
{
    public const string FolderSetting = "sessions_folder";

    private readonly SessionFileNames _names = new();
    private readonly string _folder = (options.Get(FolderSetting) ?? "sessions/").TrimEnd('/') + "/";
    private Stream? _stream;
    private Utf8JsonWriter? _json;
    private TraceSource? _source;
    private Row? _row;

    private sealed class Row(string session, string? agent, string format, string file, ReadOnlyMemory<byte> bytes)
    {
        public string Session = session, Format = format, File = file;
        public string? Agent = agent;
        public ReadOnlyMemory<byte> Bytes = bytes;
        public long Traces, Messages, Actions;
    }

    public long Records { get; private set; }

    public IReadOnlyDictionary<string, long> Skipped => _skipped;

    private readonly SortedDictionary<string, long> _skipped = new(StringComparer.Ordinal);

    public void Write(Trace trace)
    {
        if (!ReferenceEquals(_source, trace.Source))
        {
            Flush();
            _source = trace.Source;
            var name = trace.Source.WholeFile ? _names.For(trace.Source.Path) : null;
            if (trace.Source.WholeFile && name is null) _row = null; // this file was listed already
            else _row = new Row(trace.Id, trace.Agent, trace.Format,
                name is null ? $"{Path.GetFileName(trace.Source.Path)}:{trace.Source.Line}" : _folder + name, trace.Source.Raw);
        }
        if (_row is null)
        {
            _skipped[OriginalWriter.SharedRecord] = _skipped.GetValueOrDefault(OriginalWriter.SharedRecord) + 1;
            return;
        }
        if (_row.Traces > 0) _skipped[OriginalWriter.SharedRecord] = _skipped.GetValueOrDefault(OriginalWriter.SharedRecord) + 1;
        _row.Traces++;
        _row.Messages += trace.Messages.Count;
        _row.Actions += trace.Actions.Count;
    }

    private void Flush()
    {
        if (_row is not { } row) return;
        _stream ??= target.OpenFile();
        _json ??= new Utf8JsonWriter(_stream, new JsonWriterOptions { Encoder = TraceJsonWriter.Options.Encoder });
        _json.WriteStartObject();
        _json.WriteString("session", row.Session);
        if (row.Agent is null) _json.WriteNull("agent"); else _json.WriteString("agent", row.Agent);
        _json.WriteString("format", row.Format);
        _json.WriteString("file", row.File);
        _json.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(row.Bytes.Span)));
        _json.WriteNumber("bytes", row.Bytes.Length);
        _json.WriteNumber("traces", row.Traces);
        _json.WriteNumber("messages", row.Messages);
        _json.WriteNumber("actions", row.Actions);
        _json.WriteEndObject();
        _json.Flush();
        _json.Reset(_stream);
        _stream.WriteByte((byte)'\n');
        Records++;
        _row = null;
    }

    public void Complete()
    {
        Flush();
        _stream ??= target.OpenFile();
        _stream.Flush();
    }

    public void Dispose()
    {
        _json?.Dispose();
        _stream?.Dispose();
    }
}
