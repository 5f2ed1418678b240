using System.Security.Cryptography;
using TraceCurate.Diagnostics;
using TraceCurate.Exports;
using TraceCurate.Pipeline.Manifests;
using TraceCurate.Recipes;
using TraceCurate.Traces;

namespace TraceCurate.Pipeline;

/// <summary>
/// The recipe's writers, writing into a hidden staging folder inside the output folder. <see cref="Commit"/> moves
/// every file into place only when all outputs are complete; <see cref="Dispose"/> without a commit deletes the
/// staging folder, so a failed run leaves the previous outputs exactly as they were and no temporary file behind.
/// </summary>
public sealed class StagedOutputs : IDisposable
{
    private readonly string _outDir;
    private readonly string _staging;
    private readonly List<Output> _outputs = [];
    private bool _committed;
    private volatile bool _abandoned;

    public StagedOutputs(string outDir, IReadOnlyList<OutputSpec> specs)
    {
        _outDir = outDir;
        try
        {
            Directory.CreateDirectory(outDir);
            _staging = Path.Combine(outDir, $".trace-curate-staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
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
            var settings = spec.Settings.Where(s => s.Key != OutputChecks.SplitSetting).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
            var options = ExportOptionsReader.From(spec with { Settings = settings });
            var writer = Guard(() => ExportRegistry.Find(spec.Format)!(target, options));
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
        }
        return entries;
    }

    /// <summary>A file's size and SHA-256, path relative to <paramref name="root"/>.</summary>
    public static OutputFile Describe(string root, string relative)
    {
        using var stream = File.OpenRead(Path.Combine(root, relative));
        return new OutputFile(relative, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    /// <summary>Writes a file (the manifest) into the staging folder so it is committed with the outputs, last.</summary>
    public void AddFile(string relative, byte[] content) => Guard(() => File.WriteAllBytes(Path.Combine(_staging, relative), content));

    /// <summary>
    /// Moves every staged file over its final path, data files first, the manifest last. Checks every final path
    /// before moving anything, and moves replaced files aside until all are in place, so a commit that fails midway
    /// (a folder in the way, permission denied) puts the previous outputs back and fails with a diagnostic.
    /// </summary>
    public void Commit(string? lastFile = null)
    {
        lock (RunAbort.Gate)
        {
            if (_abandoned) throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.RunInterrupted, "the run was stopped before its outputs were committed", _outDir));
            var files = Directory.EnumerateFiles(_staging, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(_staging, f))
                .ToList();
            // The last file last, the others in ordinal order. List.Sort rather than OrderBy: the sorter OrderBy needs
            // here has no precompiled code, and compiling it was a noticeable part of finishing a run.
            files.Sort((x, y) => (x == lastFile).CompareTo(y == lastFile) is var last and not 0 ? last : string.CompareOrdinal(x, y));
            foreach (var relative in files)
            {
                var final = Path.Combine(_outDir, relative);
                if (Directory.Exists(final))
                    throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.OutputFailed,
                        $"cannot write output '{relative.Replace('\\', '/')}': a folder of that name is in the way; no output was replaced", final));
            }
            var moved = new List<string>();
            var replaced = new List<(string Final, string Aside)>();
            try
            {
                foreach (var relative in files)
                {
                    var final = Path.Combine(_outDir, relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(final)!);
                    if (File.Exists(final))
                    {
                        var aside = Path.Combine(_staging, ".replaced", relative);
                        Directory.CreateDirectory(Path.GetDirectoryName(aside)!);
                        File.Move(final, aside);
                        replaced.Add((final, aside));
                    }
                    File.Move(Path.Combine(_staging, relative), final);
                    moved.Add(final);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                foreach (var final in moved) TryDelete(final);
                foreach (var (final, aside) in replaced) File.Move(aside, final, overwrite: true);
                throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.OutputFailed,
                    $"cannot move the outputs into place: {e.Message}; the previous outputs were put back", _outDir));
            }
            _committed = true;
            // Inside the gate: a signal exiting now must not find a committed run whose staging folder still exists.
            RemoveStaging(files, replaced);
        }
    }

    /// <summary>
    /// Removes the staging folder after a commit, when all it holds is the previous outputs moved aside and the empty
    /// folders of the staged files: those files, then those folders, deepest first, each by name. A recursive
    /// <see cref="Directory.Delete(string, bool)"/> lists every folder through an enumerator that has no precompiled
    /// code, and compiling it took about 15 ms of every run that replaced outputs. Anything else left in the folder
    /// falls back to the recursive delete.
    /// </summary>
    private void RemoveStaging(List<string> files, List<(string Final, string Aside)> replaced)
    {
        try
        {
            // Loops, not LINQ over the tuples: LINQ over value types has no precompiled code either.
            foreach (var (_, aside) in replaced) File.Delete(aside);
            var folders = new HashSet<string>(StringComparer.Ordinal);
            foreach (var relative in files)
            {
                for (var dir = Path.GetDirectoryName(relative); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
                {
                    folders.Add(Path.Combine(_staging, dir));
                    folders.Add(Path.Combine(_staging, ".replaced", dir));
                }
            }
            folders.Add(Path.Combine(_staging, ".replaced"));
            var deepestFirst = folders.ToList();
            deepestFirst.Sort((x, y) => y.Length.CompareTo(x.Length)); // a folder's path is longer than its parent's
            foreach (var folder in deepestFirst)
                if (Directory.Exists(folder)) Directory.Delete(folder);
            Directory.Delete(_staging);
        }
        catch (IOException)
        {
            Directory.Delete(_staging, recursive: true); // something else was left in it (not empty)
        }
    }

    /// <summary>Called by <see cref="RunAbort"/> (holding its gate) when the process is about to exit mid-run.</summary>
    internal void Abandon()
    {
        if (_committed) return;
        _abandoned = true;
        try
        {
            if (Directory.Exists(_staging)) Directory.Delete(_staging, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
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

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
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
        try
        {
            if (Directory.Exists(_staging)) Directory.Delete(_staging, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done; the staging folder's name says what it is.
        }
    }
}
