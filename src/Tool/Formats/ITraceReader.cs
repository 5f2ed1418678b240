using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Turns one input file into canonical traces, in two halves so that the pipeline can parse on every core while it keeps
/// input order: <see cref="Split"/> cuts the file into independent records on one thread (cheap: finding line ends),
/// and <see cref="Parse"/> maps one record to traces on any thread. A reader knows nothing of recipes or outputs.
/// <para><b>Lifetime:</b> nothing keeps a <see cref="Trace"/> after its batch is written: the traces
/// <see cref="Parse"/> returns may point into the record's bytes (lazy fields, <see cref="TraceSource.Raw"/>), which
/// are reused once the batch is written. A reader that caches across records keeps copies, never slices.</para>
/// </summary>
public interface ITraceReader
{
    /// <summary>The name used by <c>--format</c>, <c>format:</c> on an input, and <see cref="Trace.Format"/>.</summary>
    string Format { get; }

    /// <summary>Whether the file's first bytes look like this format. Must not throw on any input.</summary>
    bool Sniff(FormatHead head);

    /// <summary>
    /// What <see cref="Sniff"/> answers on this head, told from its lines' keys alone (<see cref="FormatHead.Keys"/>,
    /// no document parsed), or null when the keys cannot tell. True or false only where <see cref="Sniff"/> gives
    /// exactly that (FormatDetectorKeysTests compare the two on every sample and corpus file). Detection walks the
    /// registry with this first and with <see cref="Sniff"/> as soon as a reader says null, so the default (null) is
    /// always right, only slower.
    /// </summary>
    bool? SniffByKeys(FormatHead head) => null;

    /// <summary>
    /// Cuts the (decompressed) content into records: one JSONL line, or the whole file for session formats.
    /// Called once per file on one thread; must stream, never hold more than one record.
    /// </summary>
    IEnumerable<RawRecord> Split(Stream content, InputFile file);

    /// <summary>
    /// Maps one record to zero or more traces. Must be thread-safe and pure. Throws <see cref="Diagnostics.BadRecordException"/>
    /// for a malformed record; anything unknown but well-formed passes through into metadata, never fails.
    /// </summary>
    IEnumerable<Trace> Parse(RawRecord record, ReadOptions options);

    /// <summary>
    /// True for session formats where one file is one record (Pi, Claude Code, Codex, SWE-agent): <c>format: original</c>
    /// then copies each kept session's whole file into the output folder instead of one line per record, and a sharded
    /// run never cuts the file into byte ranges. Defaults to false (a JSONL-row format) so that a reader which does not
    /// say keeps compiling.
    /// </summary>
    bool OneRecordPerFile => false;

    /// <summary>
    /// True when <see cref="Split"/> is <see cref="WholeFile.Split"/>: exactly one record per file, whatever its content,
    /// so a worker may open and read the file itself (the read path hands such files to the workers unread). Defaults to
    /// false: the producer reads the file, as it reads line formats, Parquet and opencode's storage.
    /// </summary>
    bool SplitsAsWholeFile => false;

    /// <summary>
    /// True when <see cref="Sniff"/> decides on a file's first whole lines (a session that says what it is on its first
    /// line: Claude Code, Codex, Pi), so that detection may take its claim on a small head of the file instead of the
    /// full one. Defaults to false: the full head decides, as document formats look at more than their first lines.
    /// </summary>
    bool SniffsFirstLines => false;

    /// <summary>
    /// Where this format's record type and writer version are, and which types the reader understands, for the read
    /// report of each file (<see cref="ReadReport"/>): one declaration per reader, the counting is the pipeline's. Null
    /// (the default) counts records and skipped lines only.
    /// </summary>
    RecordTypes? RecordTypes => null;
}
