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
internal sealed class PiSessionLines : ISessionPartLines<PiLine>
{

    private PiSessionLines()
    {
    }

    public List<PiLine> Lines { get; } = [];

    public List<JsonDocument> Documents { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <param name="streamed">False to parse every line into a document, as the reader did before the streaming pass.</param>
    /// <param name="partBytes">About how large a part is when the record may be read on several threads (<see cref="SessionParts"/>).</param>
    public static PiSessionLines Read(RawRecord record, bool streamed = true, int partBytes = SessionParts.DefaultPartBytes)
        => SessionParts.ReadLines<PiSessionLines, PiLine>(record, partBytes, part => ReadPart(part, streamed), () => new PiSessionLines());

    /// <summary>
    /// The lines of a record (a whole file, or a part of a large one) in one pass. The file's first line kept is left to
    /// the document path, as the tree reads the header whole; a part after the first does not know whether a line was
    /// kept before it and lets the pass read its own first line. That line is never a header either way: the pass leaves
    /// a line with a version, or of no entry type, to the document path, so the tree sees the same lines.
    /// </summary>
    private static PiSessionLines ReadPart(RawRecord record, bool streamed)
    {
        var result = new PiSessionLines();
        var types = record.File.Reader.RecordTypes;
        var scanner = new PiFastLine.Scanner(record.TextChecked);
        var first = record.Line == 1; // only the file's first part holds its first line
        Func<WholeFileLines.Line, ReadReport, bool>? fast = !streamed ? null : (line, report) =>
        {
            if ((first && result.Lines.Count == 0) || scanner.TryScan(line.Bytes) is not { } read) return false;
            if (types is null) report.CountRecord();
            else report.Count(read.Type, types);
            result.Lines.Add(new PiLine(line.Number, default, read));
            return true;
        };
        try
        {
            foreach (var value in WholeFileLines.Values(record, objectsOnly: true, slimmer: null, fast))
            {
                result.Documents.Add(value.Document);
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
        foreach (var doc in Documents) doc.Dispose();
        Documents.Clear();
    }
}
