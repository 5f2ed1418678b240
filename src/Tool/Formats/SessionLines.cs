using System.Text.Json;
using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>One parsed line of a whole-file JSONL session: its 1-based line number in the file and its JSON object.</summary>
internal readonly record struct SessionLine(long Line, JsonElement Value)
{
    /// <summary>When the line was parsed from a slim copy (Claude Code), what gives back the texts it left out.</summary>
    public ClaudeCodeSlimLine? Slim { get; init; }

    /// <summary>When the line was read by the Claude Code reader's streaming pass: its fields, and no document (<see cref="Value"/> is undefined).</summary>
    public ClaudeCodeFastLine? Fast { get; init; }
}

/// <summary>
/// The lines of a session file read as one record (Pi, Claude Code), each a JSON object. Blank lines are skipped
/// (input-formats §1.3); damaged lines are handled by <see cref="WholeFileLines.Values"/> (a line holding several
/// records gives each; a cut last line is skipped; any other bad line is a <see cref="BadRecordException"/> naming its
/// line, or skipped when the input skips bad records), and each is described in <see cref="Warnings"/> for the traces.
/// Owns the parsed documents: the <see cref="JsonElement"/>s are valid until disposal, so readers clone what they keep.
/// </summary>
internal sealed class SessionLines : ISessionPartLines<SessionLine>
{

    /// <summary>Bytes per line in the Claude Code and Pi sessions of the corpus, a little under the average (2-4 KB).</summary>
    private const int ExpectedLineBytes = 2048;

    private const int MaxCapacityGuess = 1 << 20;

    private SessionLines()
    {
    }

    public List<SessionLine> Lines { get; } = [];

    public List<JsonDocument> Documents { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <param name="slimmer">Gives a smaller copy of a line to parse, or null to parse it as it is (<see cref="WholeFileLines.Values(RawRecord, bool, Func{ReadOnlyMemory{byte}, ClaudeCodeSlimLine?}?, Func{WholeFileLines.Line, ReadReport, bool}?)"/>).</param>
    /// <param name="fast">
    /// Makes a pass that reads a line without a document and counts it in the report, or answers null to leave it to the
    /// document path (<see cref="ClaudeCodeFastLine"/>): one pass for each part of a large session (<see cref="SessionParts"/>).
    /// </param>
    /// <param name="partBytes">About how large a part is when the record may be read on several threads.</param>
    public static SessionLines Read(RawRecord record, Func<ReadOnlyMemory<byte>, ClaudeCodeSlimLine?>? slimmer = null,
        Func<Func<WholeFileLines.Line, ReadReport, ClaudeCodeFastLine?>>? fast = null, int partBytes = SessionParts.DefaultPartBytes)
        => SessionParts.ReadLines<SessionLines, SessionLine>(record, partBytes, part => ReadPart(part, slimmer, fast?.Invoke()), () => new SessionLines());

    /// <summary>The lines of a record (a whole file, or a part of a large one) in one pass.</summary>
    private static SessionLines ReadPart(RawRecord record, Func<ReadOnlyMemory<byte>, ClaudeCodeSlimLine?>? slimmer,
        Func<WholeFileLines.Line, ReadReport, ClaudeCodeFastLine?>? fast)
    {
        var result = new SessionLines();
        // One entry per line, sized from the file's length instead of grown from four entries a dozen times for a large
        // session; not from a count of its line ends, a pass over the whole file (2.5% of reading a Claude Code folder)
        // for a list that doubling grows at a few copies of 40-byte entries.
        result.Lines.Capacity = (int)Math.Min(record.Bytes.Length / ExpectedLineBytes + 16, MaxCapacityGuess);
        Func<WholeFileLines.Line, ReadReport, bool>? streamed = fast is null ? null : (line, report) =>
        {
            if (fast(line, report) is not { } read) return false;
            result.Lines.Add(new SessionLine(line.Number, default) { Fast = read });
            return true;
        };
        try
        {
            foreach (var value in WholeFileLines.Values(record, objectsOnly: true, slimmer, streamed))
            {
                result.Documents.Add(value.Document);
                result.Lines.Add(new SessionLine(value.Line, value.Root) { Slim = value.Slim });
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

    /// <summary>A field error from <see cref="Json"/> carries no line; give it the line of the entry being read.</summary>
    public static BadRecordException AtLine(BadRecordException e, long line) =>
        e.Line > 0 ? e : new BadRecordException(e.Message, line, e.Column, e);

    public void Dispose()
    {
        foreach (var doc in Documents) doc.Dispose();
        Documents.Clear();
    }
}
