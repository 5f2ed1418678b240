using System.Security.Cryptography;
using TraceCurate.Catalog;
using TraceCurate.Diagnostics;
using TraceCurate.Exports;
using TraceCurate.Manifests;
using TraceCurate.Recipes;
using TraceCurate.Traces;

namespace TraceCurate.Outputs;

/// <summary>
/// The recipe's writers, writing into a hidden staging folder inside the output folder. <see cref="Commit"/> moves
/// every output into place only when all are complete, through a <see cref="CommitJournal"/>, so that a process killed
/// at any instant leaves either the previous build or the new one once <see cref="OutputRecovery"/> has run (at the
/// start of the next run, or <c>trace-curate recover</c>). <see cref="Dispose"/> without a commit deletes the staging
/// folder (and an output folder this run created), so a failed run leaves the previous outputs exactly as they were
/// and no temporary file behind.
/// </summary>
/// <remarks>
/// The staging folder holds <c>new/</c> (the build being written, <see cref="StagingDirectory"/>), <c>lock</c> (held
/// while this process lives), and during a commit <c>journal.json</c> and <c>previous/</c> (the outputs replaced).
/// </remarks>
public sealed class StagedOutputs : IDisposable
{
    /// <summary>The name every staging folder starts with; recipe checks keep outputs away from it.</summary>
    public const string StagingPrefix = ".trace-curate-staging-";

    private readonly string _outDir;
    private readonly string _stagingRoot;
    private readonly string _staging;
    private readonly FileStream _lock;
    private readonly List<string> _createdOutDirs;
    private readonly List<Output> _outputs = [];
    /// <summary>Outputs that are folders (one file per session, shards): each is committed as one rename.</summary>
    private readonly HashSet<string> _folderOutputs = new(StringComparer.Ordinal);
    private bool _committed;
    private volatile bool _abandoned;
    /// <summary>A failed commit could not be undone: its journal and the outputs it moved aside must stay for recovery.</summary>
    private bool _keepStaging;

    /// <param name="log">Where to say what the recovery of an earlier, killed run did.</param>
    public StagedOutputs(string outDir, IReadOnlyList<OutputSpec> specs, TextWriter? log = null)
    {
        _outDir = outDir;
        foreach (var spec in specs) OutputPaths.CheckInside(outDir, spec.Path.TrimEnd('/'));
        try
        {
            foreach (var note in OutputRecovery.Recover(outDir)) log?.WriteLine(note);
            _createdOutDirs = OutputPaths.MissingFolders(Path.GetFullPath(outDir));
            Directory.CreateDirectory(outDir);
            _stagingRoot = Path.Combine(outDir, $"{StagingPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(_stagingRoot);
            _lock = StagingLock.Create(_stagingRoot);
            _staging = Path.Combine(_stagingRoot, CommitJournal.NewFolder);
            Directory.CreateDirectory(_staging);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.OutputFailed, $"cannot create the output folder: {e.Message}", outDir));
        }
        RunAbort.Register(this);
        foreach (var spec in specs)
        {
            var target = new OutputTarget(spec.Path, _staging);
            // `split:` is the runner's routing setting, not the writer's (docs/steps.md, split).
            var split = spec.Settings.GetValueOrDefault(OutputChecks.SplitSetting);
            // A loop, not LINQ's filter over key-value pairs, which has no precompiled code and was compiled at every start.
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var setting in spec.Settings)
                if (setting.Key != OutputChecks.SplitSetting) settings[setting.Key] = setting.Value;
            var options = ExportOptionsReader.From(spec with { Settings = settings });
            var writer = Guard(() => OutputFormats.Find(spec.Format)!.Create(target, options));
            // The recipe loader refuses `subagents: inline` for a format that cannot hold it, so the cast holds.
            if (options.Subagents == SubagentMode.Inline) writer = new SubagentInliner((JsonlRecordWriter)writer);
            _outputs.Add(new Output(spec, target, writer, split, options.Subagents));
        }
    }

    /// <summary>
    /// One output: its writer, the split it selects, and what the fan-out itself kept from it by reason (traces of
    /// another split, sub-agents under <c>subagents: drop</c>), so that its records and skips add up to the kept traces.
    /// </summary>
    private sealed record Output(OutputSpec Spec, OutputTarget Target, ITraceWriter Writer, string? Split, SubagentMode Subagents)
    {
        public SortedDictionary<string, long> Skipped { get; } = new(StringComparer.Ordinal);

        /// <summary>Why the trace does not go to this output's writer, or null when it does.</summary>
        public string? SkipReason(Trace trace) =>
            Split is not null && Split != trace.Split ? OtherSplit
            : Subagents == SubagentMode.Drop && Exports.Subagents.IsSubagent(trace) ? Exports.Subagents.Dropped
            : null;

        /// <summary>Whether the trace goes to this output's writer; counts it by reason when not.</summary>
        public bool Takes(Trace trace)
        {
            if (SkipReason(trace) is not { } reason) return true;
            Skipped[reason] = Skipped.GetValueOrDefault(reason) + 1;
            return false;
        }
    }

    /// <summary>The skip reason of a trace that a split step sent to another split than the output's <c>split:</c>.</summary>
    public const string OtherSplit = "other_split";

    /// <summary>
    /// True when some output holds traces past the write that hands them over (<c>subagents: inline</c>): the runner
    /// must then leave the records' bytes to the garbage collector instead of reusing them.
    /// </summary>
    public bool KeepsTraces => _outputs.Any(o => o.Writer is SubagentInliner);


    /// <summary>Where the new build is written: every output's files, at their paths relative to the output folder.</summary>
    public string StagingDirectory => _staging;

    /// <summary>True when some output can render its records away from the writing thread (<see cref="IRenderingWriter"/>).</summary>
    public bool CanRender => _outputs.Any(o => o.Writer is IRenderingWriter);

    /// <summary>
    /// Renders a trace for every output that can (null for the others, and for outputs of another split). Thread-safe;
    /// hand the result to <see cref="Write(Trace, RenderedRecord?[])"/> for the same trace.
    /// </summary>
    public RenderedRecord?[] Render(Trace trace)
    {
        var rendered = new RenderedRecord?[_outputs.Count];
        for (var i = 0; i < _outputs.Count; i++)
            if (_outputs[i].Writer is IRenderingWriter writer && _outputs[i].SkipReason(trace) is null)
                rendered[i] = writer.Render(trace);
        return rendered;
    }

    /// <summary>Writes a kept trace to every output, except outputs that select another split.</summary>
    public void Write(Trace trace) => Write(trace, null);

    /// <summary>As <see cref="Write(Trace)"/>, appending what <see cref="Render"/> made for this trace where it made something.</summary>
    public void Write(Trace trace, RenderedRecord?[]? rendered)
    {
        // A plain try/catch, not Guard: this runs for every kept trace and output, where a closure each time is waste.
        try
        {
            for (var i = 0; i < _outputs.Count; i++)
            {
                var output = _outputs[i];
                if (!output.Takes(trace)) continue;
                if (rendered?[i] is { } record) ((IRenderingWriter)output.Writer).Append(record);
                else output.Writer.Write(trace);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OutputFailed(e);
        }
    }

    /// <summary>Creates a file in the staging folder (the rejects file), committed with the outputs.</summary>
    public Stream Create(string relative)
    {
        var path = Path.Combine(_staging, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
    }

    /// <summary>Describes a staged file that is not an output's (the rejects file) for the manifest.</summary>
    public OutputEntry Describe(string relative, string format, long records) =>
        OutputEntry.Of(relative, format, records, [Describe(_staging, relative)]);

    /// <summary>Completes every writer and describes each output (records; each file's bytes and SHA-256), for the manifest.</summary>
    public IReadOnlyList<OutputEntry> Complete()
    {
        var entries = new List<OutputEntry>();
        foreach (var output in _outputs)
        {
            var (spec, target, writer) = (output.Spec, output.Target, output.Writer);
            Guard(() =>
            {
                writer.Complete();
                writer.Dispose();
            });
            // Files hashed as they were written are not read again; any other is hashed now.
            var files = target.Files.Select(f => target.TryGetWrittenHash(f, out var bytes, out var sha256)
                ? new OutputFile(f, bytes, sha256)
                : Describe(_staging, f)).ToList();
            var skipped = new SortedDictionary<string, long>(output.Skipped, StringComparer.Ordinal);
            foreach (var (reason, count) in writer.Skipped) skipped[reason] = skipped.GetValueOrDefault(reason) + count;
            entries.Add(OutputEntry.Of(spec.Path, spec.Format, writer.Records, files) with
            {
                Skipped = [.. skipped],
                SubagentsNotInlined = (writer as SubagentInliner)?.NotInlined ?? 0,
            });
            // A path that names a folder, or whose files are inside it, is a folder output, even when it kept nothing:
            // then the previous run's folder is removed rather than left to look like this build's.
            if (spec.Path.EndsWith('/') || files.Count != 1 || files[0].Path != spec.Path) DeclareFolderOutput(spec.Path);
        }
        return entries;
    }

    /// <summary>
    /// Says that an output is a folder (its files are <c>path/…</c>), committed by one rename that replaces the previous
    /// folder as a whole. Outputs written through the writers are declared by <see cref="Complete"/>; merge declares its own.
    /// </summary>
    public void DeclareFolderOutput(string relativePath) => _folderOutputs.Add(OutputPaths.Normalize(relativePath));

    /// <summary>A file's size and SHA-256, path relative to <paramref name="root"/>.</summary>
    public static OutputFile Describe(string root, string relative)
    {
        using var stream = File.OpenRead(Path.Combine(root, relative));
        return new OutputFile(relative, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    /// <summary>Writes a file (the manifest) into the staging folder so it is committed with the outputs, last.</summary>
    public void AddFile(string relative, byte[] content) => Guard(() => File.WriteAllBytes(Path.Combine(_staging, relative), content));

    /// <summary>
    /// Moves the new build into place, <paramref name="lastFile"/> (the manifest) last. Checks every final path before
    /// anything moves (a folder or file of the other kind in the way, a symbolic link on the way out of the output
    /// folder), writes the <see cref="CommitJournal"/>, then renames unit by unit. A commit that fails midway (permission
    /// denied) puts the previous outputs back and fails with a diagnostic; one killed midway is resolved by
    /// <see cref="OutputRecovery"/>.
    /// </summary>
    public void Commit(string lastFile)
    {
        lock (RunAbort.Gate)
        {
            if (_abandoned) throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.RunInterrupted, "the run was stopped before its outputs were committed", _outDir));
            CommitJournal journal;
            try
            {
                journal = Plan(lastFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw OutputFailed(e);
            }
            try
            {
                journal.Write(_stagingRoot);
                journal.Apply(_outDir, _stagingRoot);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var undone = TryRollback(journal);
                throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.OutputFailed, undone
                    ? $"cannot move the outputs into place: {e.Message}; the previous outputs were put back"
                    : $"cannot move the outputs into place: {e.Message}; nor put the previous outputs back: run 'trace-curate recover {_outDir}' once the cause is fixed",
                    _outDir));
            }
            _committed = true;
            // Inside the gate: a signal exiting now must not find a committed run whose staging folder still exists.
            RemoveStaging(journal);
        }
    }

    /// <summary>The units to rename, in order (ordinal, the last file last), after checking every final path.</summary>
    private CommitJournal Plan(string lastFile)
    {
        var units = new List<CommitUnit>();
        foreach (var folder in _folderOutputs) units.Add(new CommitUnit(folder, Directory.Exists(Path.Combine(_staging, folder))));
        foreach (var file in Directory.EnumerateFiles(_staging, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(_staging, file).Replace('\\', '/');
            if (!InFolderOutput(relative)) units.Add(new CommitUnit(relative, true));
        }
        // List.Sort rather than OrderBy: the sorter OrderBy needs here has no precompiled code, and compiling it was a
        // noticeable part of finishing a run.
        units.Sort((x, y) => (x.Path == lastFile).CompareTo(y.Path == lastFile) is var last and not 0 ? last : string.CompareOrdinal(x.Path, y.Path));
        // The last file's rename is the commit point recovery decides by (CommitJournal), so it must be there.
        if (units.Count == 0 || units[^1].Path != lastFile) throw new InvalidOperationException($"'{lastFile}' was not staged before the commit");
        var created = new List<string>();
        foreach (var unit in units)
        {
            var isFolder = _folderOutputs.Contains(unit.Path);
            var final = Path.Combine(_outDir, unit.Path);
            OutputPaths.CheckInside(_outDir, unit.Path, isFolder);
            if (unit.HasNew && !isFolder && Directory.Exists(final) && new DirectoryInfo(final).LinkTarget is null)
                throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.OutputFailed,
                    $"cannot write output '{unit.Path}': a folder of that name is in the way; no output was replaced", final));
            if (unit.HasNew && isFolder && File.Exists(final))
                throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.OutputFailed,
                    $"cannot write output '{unit.Path}/': a file of that name is in the way; no output was replaced", final));
            foreach (var folder in OutputPaths.MissingParents(_outDir, unit.Path))
                if (!created.Contains(folder)) created.Add(folder);
        }
        // A folder output that kept nothing replaces only a previous folder, never a file of that name.
        units.RemoveAll(u => !u.HasNew && !Directory.Exists(Path.Combine(_outDir, u.Path)));
        created.Sort((x, y) => x.Length.CompareTo(y.Length)); // parents before their children
        return new CommitJournal(units, created);
    }

    private bool InFolderOutput(string relative)
    {
        foreach (var folder in _folderOutputs)
            if (relative.Length > folder.Length && relative.StartsWith(folder, StringComparison.Ordinal) && relative[folder.Length] == '/')
                return true;
        return false;
    }

    private bool TryRollback(CommitJournal journal)
    {
        try
        {
            journal.Rollback(_outDir, _stagingRoot);
            File.Delete(Path.Combine(_stagingRoot, CommitJournal.FileName));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _keepStaging = true; // the journal stays, for the next run or `recover`
            return false;
        }
    }

    /// <summary>
    /// Removes the staging folder after the commit point: the journal first (from then on the folder is garbage to any
    /// recovery), then the outputs moved aside, then the rest. Single-file outputs are deleted by name: a recursive
    /// <see cref="Directory.Delete(string, bool)"/> lists every folder through an enumerator that has no precompiled
    /// code, and compiling it took about 15 ms of every run that replaced outputs.
    /// </summary>
    private void RemoveStaging(CommitJournal journal)
    {
        try
        {
            CommitJournal.Pause(); // test-only: a kill test lands here, after the commit point, with the journal still there
            File.Delete(Path.Combine(_stagingRoot, CommitJournal.FileName));
            var previous = Path.Combine(_stagingRoot, CommitJournal.PreviousFolder);
            var folders = new HashSet<string>(StringComparer.Ordinal);
            foreach (var unit in journal.Units)
            {
                var aside = Path.Combine(previous, unit.Path);
                if (_folderOutputs.Contains(unit.Path) && Directory.Exists(aside) && new DirectoryInfo(aside).LinkTarget is null)
                    Directory.Delete(aside, recursive: true);
                else if (CommitJournal.Exists(aside)) File.Delete(aside);
                for (var dir = Path.GetDirectoryName(unit.Path); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
                {
                    folders.Add(Path.Combine(_staging, dir));
                    folders.Add(Path.Combine(previous, dir));
                }
            }
            var deepestFirst = folders.ToList();
            deepestFirst.Sort((x, y) => y.Length.CompareTo(x.Length)); // a folder's path is longer than its parent's
            foreach (var folder in deepestFirst)
                if (Directory.Exists(folder)) Directory.Delete(folder);
            if (Directory.Exists(previous)) Directory.Delete(previous);
            Directory.Delete(_staging);
            StagingLock.Release(_lock);
            File.Delete(Path.Combine(_stagingRoot, StagingLock.FileName));
            Directory.Delete(_stagingRoot);
        }
        catch (IOException)
        {
            StagingLock.Release(_lock);
            OutputRecovery.Delete(_stagingRoot); // something else was left in it (not empty)
        }
    }

    /// <summary>Called by <see cref="RunAbort"/> (holding its gate) when the process is about to exit mid-run.</summary>
    internal void Abandon()
    {
        if (_committed) return;
        _abandoned = true;
        Discard();
    }

    /// <summary>
    /// Deletes the staging folder of an uncommitted run, then the output folder and its parents if this run created
    /// them and they are empty: a failed first run leaves no empty folder behind.
    /// </summary>
    private void Discard()
    {
        StagingLock.Release(_lock);
        if (_keepStaging) return;
        OutputRecovery.Delete(_stagingRoot);
        for (var i = _createdOutDirs.Count - 1; i >= 0; i--)
        {
            try
            {
                Directory.Delete(_createdOutDirs[i]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return; // not empty (another run's staging folder, a file put there meanwhile): keep it and its parents
            }
        }
    }

    /// <summary>Runs a writer call, turning a file-system failure (disk full, permission denied) into a diagnostic.</summary>
    private void Guard(System.Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw OutputFailed(e);
        }
    }

    private TraceCurateException OutputFailed(Exception e) => new(Diagnostic.Error(DiagnosticCodes.OutputFailed,
        $"cannot write the outputs: {e.Message}; no output was replaced", _outDir));

    private T Guard<T>(Func<T> create)
    {
        T result = default!;
        Guard(() => { result = create(); });
        return result;
    }

    public void Dispose()
    {
        RunAbort.Unregister(this);
        foreach (var output in _outputs)
        {
            try
            {
                output.Writer.Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The run already failed or its files are complete; the staging folder goes either way.
            }
        }
        if (_committed) return;
        lock (RunAbort.Gate)
        {
            if (!_abandoned) Discard();
        }
    }
}
