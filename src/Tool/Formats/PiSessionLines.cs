using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>One line of a Pi session: its 1-based line number, and its document's root or, read by the streaming pass, its fields.</summary>
internal readonly record struct PiLine(long Line, JsonElement Value, PiFastLine? Fast);

/// <summary>
/// The lines of a Pi session file, as <see cref="SessionLines"/> reads a session (blank lines skipped, damaged lines
/// handled by <see cref="WholeFileLines.Values"/> and described in <see cref="Warnings"/>), each either read by the
/// streaming pass (<see cref="PiFastLine"/>) or, when that pass leaves it, parsed into a document. The first line kept
/// (the header) is always a document: the tree reads it whole, and the metadata keeps it as written. Owns the
/// documents: their <see cref="JsonElement"/>s are valid until disposal.
/// </summary>
internal sealed class PiSessionLines : IDisposable
{
    private readonly List<JsonDocument> _documents = [];

    private PiSessionLines()
    {
    }

    public List<PiLine> Lines { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <param name="streamed">False to parse every line into a document, as the reader did before the streaming pass.</param>
    public static PiSessionLines Read(RawRecord record, bool streamed = true)
    {
        var result = new PiSessionLines();
        var types = record.File.Reader.RecordTypes;
        var scanner = new PiFastLine.Scanner(record.TextChecked);
        Func<WholeFileLines.Line, ReadReport, bool>? fast = !streamed ? null : (line, report) =>
        {
            if (result.Lines.Count == 0 || scanner.TryScan(line.Bytes) is not { } read) return false;
            if (types is null) report.CountRecord();
            else report.Count(read.Type, types);
            result.Lines.Add(new PiLine(line.Number, default, read));
            return true;
        };
        try
        {
            foreach (var value in WholeFileLines.Values(record, objectsOnly: true, slimmer: null, fast))
            {
                result._documents.Add(value.Document);
                result.Lines.Add(new PiLine(value.Line, value.Root, null));
            }
            result.Warnings.AddRange(record.Report!.Warnings);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var doc in _documents) doc.Dispose();
        _documents.Clear();
    }
}
