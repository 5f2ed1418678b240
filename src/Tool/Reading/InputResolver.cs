using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Recipes;


namespace TraceCurate.Reading;

/// <summary>
/// Turns input entries (files, folders read recursively, globs) into input files with a reader each: the forced
/// format when given, else the one detected from the content. A pattern that matches nothing, or a file of no known
/// format, is an error naming it, never a silent skip.
/// </summary>
public static class InputResolver
{
    /// <param name="skipUnknown">--skip-unknown: as <c>skip_unknown: true</c> on every input.</param>
    /// <param name="skipped">Receives the full path of every file skipped because no reader claims it.</param>
    public static IReadOnlyList<InputFile> Resolve(IEnumerable<InputSpec> specs, string? forcedFormat, bool skipUnknown = false, ICollection<string>? skipped = null) =>
        Resolve(specs, forcedFormat, skipUnknown, skipped, settled: null);

    // Files detected at a time when each settled input is handed on at once: small enough that reading starts after the
    // first few, large enough that a parallel loop's start is paid rarely.
    private const int SettledDetectionChunk = 128;

    /// <summary>
    /// <see cref="Resolve(IEnumerable{InputSpec}, string?, bool, ICollection{string}?)"/>, handing each input to
    /// <paramref name="settled"/> in order (a list of them at a time) as soon as it and every input before it are known (their formats detected,
    /// files no reader claims left out), so that reading can start while the rest are resolved (<see cref="ResolvingInputs"/>).
    /// An input handed on is in the returned list; an error stops the hand-off before the input it names.
    /// </summary>
    internal static IReadOnlyList<InputFile> Resolve(IEnumerable<InputSpec> specs, string? forcedFormat, bool skipUnknown,
        ICollection<string>? skipped, Action<List<InputFile>>? settled)
    {
        var result = new List<InputFile>();
        var handedOn = 0;
        // Handing inputs on as they settle, a folder's files are detected while the walk goes on (EarlyDetection).
        using var early = settled is null ? null : new EarlyDetection(Detect);
        // Files whose format is still to be detected, or, under a forced format, whose opening is still to be checked.
        var pending = new List<Pending>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var format = spec.Format ?? forcedFormat;
            ITraceReader? forced = null;
            if (format is not null)
            {
                forced = FormatRegistry.Find(format) ?? throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.UnknownFormat,
                    $"unknown format '{format}'; known formats: {string.Join(", ", FormatRegistry.Names)}",
                    spec.Position.File, spec.Position.Line, spec.Position.Column));
            }
            var options = new ReadOptions { Settings = spec.Settings };
            var expanded = Expand(spec, forced is null ? early : null); // nothing to detect early under a forced format
            var fromFolder = expanded.Count != 1 || expanded[0].Path != Path.GetFullPath(Path.Combine(spec.BaseDirectory, spec.Pattern));
            foreach (var (path, kind, length) in expanded)
            {
                if (!seen.Add(path)) continue; // two patterns naming one file read it once
                var isStream = kind == FileKind.Stream;
                // A file is opened with the pending files, on every core: by its detection, which reports a file that
                // cannot be read as this check does, in input order, or, under a forced format, by that check itself.
                // Checked one by one here, a folder of thousands of small sessions opened each one once more, and a
                // folder of ten thousand read as --format codex took 1.08x the time of detecting each one's format.
                // A pipe or device is opened here, once, for its one read.
                try
                {
                    if (isStream) Open(path, isStream: true);
                }
                catch (TraceCurateException)
                {
                    DetectPending(result, pending, skipped, early); // a file before this one that fails detection is the first error
                    throw;
                }
                if (isStream && forced is AgentTraceParquetReader or TraceParquetReader)
                    throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputUnreadable,
                        "a Parquet file is read by seeking to its footer, and a pipe or device cannot seek: save it to a file first", path));
                var skip = skipUnknown || spec.SkipUnknown;
                if (!isStream)
                {
                    // Detected (or checked) below with the other files, on every core; the reader is set (or the file skipped) there.
                    pending.Add(new Pending(result.Count, path, fromFolder, skip, forced));
                    result.Add(new InputFile(path, null!, options) { Length = length >= 0 ? length : new FileInfo(path).Length });
                    if (settled is not null && pending.Count >= SettledDetectionChunk)
                    {
                        DetectPending(result, pending, skipped, early);
                        HandOn();
                    }
                    continue;
                }
                if (forced is null) DetectPending(result, pending, skipped, early); // a pipe is read in its turn, after the files before it
                var reader = forced ?? DetectOrSkip(path, fromFolder, skip, early: null);
                if (reader is null)
                {
                    skipped?.Add(path);
                    continue;
                }
                result.Add(new InputFile(path, reader, options) { Length = isStream ? 0 : length >= 0 ? length : new FileInfo(path).Length, IsStream = isStream });
                if (pending.Count == 0) HandOn();
            }
        }
        DetectPending(result, pending, skipped, early);
        HandOn();
        result.RemoveAll(f => f.Reader is null); // files no reader claims, skipped under --skip-unknown
        OpencodeStorage.CheckSessionsRead(result); // a message or part file is read with its session: it must be an input too
        return result;

        // Every input not yet handed on is settled when none waits for detection: hands them on, in order.
        void HandOn()
        {
            if (settled is null || handedOn == result.Count) return;
            var batch = new List<InputFile>(result.Count - handedOn);
            for (; handedOn < result.Count; handedOn++)
                if (result[handedOn].Reader is not null) batch.Add(result[handedOn]);
            if (batch.Count > 0) settled(batch);
        }
    }

    /// <summary>A file waiting for its format to be detected, or for its opening to be checked (<paramref name="Forced"/>).</summary>
    private readonly record struct Pending(int Index, string Path, bool FromFolder, bool Skip, ITraceReader? Forced);

    /// <summary>
    /// Detects the formats of the pending files in parallel (each reads its own head; a folder of many sessions spent
    /// a tenth of its reading time detecting them one by one before any was parsed), or checks that a file of a forced
    /// format opens, and fails with the first failure in input order, as doing them one by one would.
    /// </summary>
    private static void DetectPending(List<InputFile> result, List<Pending> pending,
        ICollection<string>? skipped, EarlyDetection? early)
    {
        if (pending.Count == 0) return;
        var readers = new ITraceReader?[pending.Count];
        var failures = new Exception?[pending.Count];
        Parallel.For(0, pending.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            try
            {
                var file = pending[k];
                if (file.Forced is { } forced)
                {
                    Open(file.Path, isStream: false);
                    readers[k] = forced;
                }
                else readers[k] = DetectOrSkip(file.Path, file.FromFolder, file.Skip, early);
            }
            catch (Exception e)
            {
                failures[k] = e;
            }
        });
        for (var k = 0; k < pending.Count; k++)
        {
            if (failures[k] is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            if (readers[k] is null) skipped?.Add(pending[k].Path); // left without a reader: removed at the end
            else result[pending[k].Index] = result[pending[k].Index] with { Reader = readers[k]! };
        }
        pending.Clear();
    }

    /// <summary>
    /// Checks that a file can be opened, before any record is read, and opens a pipe or device for its one read
    /// (<see cref="StreamInputs"/>), so that detection and the reader share it.
    /// </summary>
    private static void Open(string path, bool isStream)
    {
        try
        {
            if (isStream) StreamInputs.For(path);
            else new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputUnreadable, $"cannot read the file: {e.Message}", path));
        }
    }

    /// <summary>
    /// A file met in a folder or glob that no reader claims is skipped (null) when asked; otherwise the error says how
    /// to skip such files. A file named itself is always an error: it was meant to be read.
    /// </summary>
    private static ITraceReader? DetectOrSkip(string path, bool fromFolder, bool skipUnknown, EarlyDetection? early)
    {
        try
        {
            return early?.Take(path) ?? Detect(path);
        }
        catch (TraceCurateException e) when (fromFolder && e.Diagnostics is [{ Code: DiagnosticCodes.UnknownFormat } unknown])
        {
            if (skipUnknown) return null;
            throw new TraceCurateException(unknown with
            {
                Message = unknown.Message + ", or skip the files of a folder or glob that no reader claims with --skip-unknown (or 'skip_unknown: true' on the input)",
            });
        }
    }

    /// <summary>Detection reads the file's head; an unreadable file or a broken .gz is a diagnostic naming it, not a crash.</summary>
    private static ITraceReader Detect(string path)
    {
        try
        {
            return FormatDetector.Detect(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            var message = e is InvalidDataException && FormatDetector.IsGzip(path) ? GzipDamage.Describe(e, path) : $"cannot read the file: {e.Message}";
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputUnreadable, message, path));
        }
    }

    /// <summary><c>folder:split</c> → (folder, split), when the path ends so; the folder part must exist to count.</summary>
    private static (string Folder, string Split)? SplitOf(string full)
    {
        var colon = full.LastIndexOf(':');
        if (colon <= 0 || colon == full.Length - 1 || full.IndexOf('/', colon) >= 0) return null;
        return (full[..colon], full[(colon + 1)..]);
    }

    /// <summary>
    /// The files an input entry names: a file, a pipe or device named as such, every file below a folder, or a glob's
    /// matches. A pipe, device or broken link met inside a folder or glob is an error naming it: reading it could wait
    /// forever (a FIFO with no writer, a device with no end), and skipping it would drop an input without a word.
    /// </summary>
    /// <param name="early">When given, each file a folder's walk finds is queued there for detection as it is found.</param>
    private static List<(string Path, FileKind Kind, long Length)> Expand(InputSpec spec, EarlyDetection? early)
    {
        var full = Path.GetFullPath(Path.Combine(spec.BaseDirectory, spec.Pattern));
        List<FolderWalk.Entry> found;
        if (Glob.HasWildcards(spec.Pattern)) found = Glob.ExpandEntries(full);
        else
        {
            var node = FileNode.Of(full);
            if (node.Kind is FileKind.Regular or FileKind.Stream) return [(full, node.Kind, node.Length)]; // named itself: read as it is
            // A Hugging Face dataset folder reads its data files split by split (not its card); folder:split one split.
            if (node.Kind == FileKind.Directory && HfDatasetFolder.Is(full))
                return HfDatasetFolder.Files(full, null, spec.Position).Select(f => (f, FileKind.Regular, -1L)).ToList();
            if (node.Kind == FileKind.Missing && SplitOf(full) is var (folder, split) && HfDatasetFolder.Is(folder))
                return HfDatasetFolder.Files(folder, split, spec.Position).Select(f => (f, FileKind.Regular, -1L)).ToList();
            found = node.Kind == FileKind.Directory ? FolderWalk.Files(full, recursive: true, includeHidden: false, early is null ? null : path =>
            {
                if (!IsCompanionOrSideFile(path)) early.Found(path);
            }) : [];
        }
        // A Claude Code sub-agent's agent-<id>.meta.json is read with its agent-<id>.jsonl, not as an input of its own.
        // opencode's project, todo and share files sit beside its sessions' storage and are no session's (OpencodeStorage).
        found.RemoveAll(f => IsCompanionOrSideFile(f.Path));
        if (found.Count == 0)
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputNotFound,
                $"input '{spec.Pattern}' matches no file (looked for {full})", spec.Position.File, spec.Position.Line, spec.Position.Column));
        foreach (var entry in found)
        {
            if (entry.Kind == FileKind.Regular) continue;
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputUnreadable, entry.Kind == FileKind.Missing
                ? $"input '{spec.Pattern}' holds a symbolic link to nothing (or to itself), which cannot be read; remove it or make it point to a file"
                : $"input '{spec.Pattern}' holds a pipe, device or socket, not a file: reading it could wait forever; name it as an input of its own to read it",
                entry.Path));
        }
        // ConvertAll, not Select: LINQ over a struct of ours is compiled at run time by the installed tool.
        return found.ConvertAll(f => (f.Path, f.Kind, f.Length));
    }

    private static bool IsCompanionOrSideFile(string path) => ClaudeCodeSubagentFiles.IsCompanion(path) || OpencodeStorage.IsSideFile(path);
}
