using System.Text.Json;

namespace TraceCurate.Inspect;

/// <summary>
/// The <c>inputs</c> entries of the <c>inspect --json</c> document, rendered one input at a time as each is read whole
/// and kept in a temporary file until the document is written. The document puts the totals before the inputs, so the
/// entries must wait; held as figures they were about 3 KB of live objects per input until the end (a Codex folder of
/// 21,000 files peaked 41 MB above one of 10,500), and their 30 MB of JSON was rendered on the main thread alone after
/// the workers had finished. Here they are rendered while the workers parse, and only bytes on disk wait.
/// </summary>
internal sealed class InputEntrySpool : IDisposable
{
    private readonly Stream _file;
    private readonly Utf8JsonWriter _w;
    private readonly long _opening;

    public InputEntrySpool()
    {
        _file = TemporaryFile();
        _w = StatisticsJson.NewWriter(_file);
        // The writer is put where the document's is when its entries begin (inside the top object, in "inputs"), so
        // that it indents and separates them alike; this opening is left out of the copy.
        _w.WriteStartObject();
        _w.WriteStartArray("inputs");
        _w.Flush();
        _opening = _w.BytesCommitted;
    }

    /// <summary>Renders <paramref name="input"/>'s entry and drops its figures.</summary>
    public void Add(InputStatistics input)
    {
        StatisticsJson.WriteEntry(_w, input);
        input.Release();
        if (_w.BytesPending >= StatisticsJson.FlushBytes) _w.Flush();
    }

    /// <summary>Ends the document in the spool (<see cref="StatisticsJson.WriteTail"/>) and copies it, after the opening, to <paramref name="output"/>.</summary>
    public void CopyTail(Inspection inspection, Stream output)
    {
        StatisticsJson.WriteTail(_w, inspection);
        _w.Flush();
        _file.Position = _opening;
        _file.CopyTo(output, 1 << 16);
    }

    public void Dispose()
    {
        _w.Dispose();
        _file.Dispose();
    }

    /// <summary>
    /// A file that nothing else can open and that is gone when the process ends, however it ends: unlinked at once where
    /// an open file can be (Unix), deleted on close elsewhere. Memory when no temporary file can be made.
    /// </summary>
    private static Stream TemporaryFile()
    {
        try
        {
            var path = Path.Combine(Path.GetTempPath(), "trace-curate-" + Path.GetRandomFileName());
            var windows = OperatingSystem.IsWindows();
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, 1 << 16,
                windows ? FileOptions.DeleteOnClose : FileOptions.None);
            if (!windows) File.Delete(path);
            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new MemoryStream();
        }
    }
}
