using System.Security.Cryptography;
using TraceCurate.Diagnostics;
using TraceCurate.Exports;
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
    private readonly List<(OutputSpec Spec, OutputTarget Target, ITraceWriter Writer, string? Split)> _outputs = [];
    private bool _committed;

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
        foreach (var spec in specs)
        {
            var target = new OutputTarget(spec.Path, _staging);
            // `split:` is the runner's routing setting, not the writer's (docs/steps.md, split).
            var split = spec.Settings.GetValueOrDefault(OutputChecks.SplitSetting);
            var settings = spec.Settings.Where(s => s.Key != OutputChecks.SplitSetting).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
            var options = ExportOptionsReader.From(spec with { Settings = settings });
            _outputs.Add((spec, target, ExportRegistry.Find(spec.Format)!(target, options), split));
        }
    }

    public string StagingDirectory => _staging;

    /// <summary>Writes a kept trace to every output, except outputs that select another split.</summary>
    public void Write(Trace trace)
    {
        foreach (var output in _outputs)
            if (output.Split is null || output.Split == trace.Split) output.Writer.Write(trace);
    }

    /// <summary>Creates a file in the staging folder (the rejects file), committed with the outputs.</summary>
    public Stream Create(string relative)
    {
        var path = Path.Combine(_staging, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
    }

    /// <summary>Describes a staged file that is not an output's (the rejects file) for the manifest.</summary>
    public OutputRecord Describe(string relative, string format, long records)
    {
        using var stream = File.OpenRead(Path.Combine(_staging, relative));
        return new OutputRecord(relative, format, records, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    /// <summary>Completes every writer and describes each file it wrote (path, bytes, SHA-256), for the manifest.</summary>
    public IReadOnlyList<OutputRecord> Complete()
    {
        var records = new List<OutputRecord>();
        foreach (var (spec, target, writer, _) in _outputs)
        {
            writer.Complete();
            writer.Dispose();
            foreach (var file in target.Files)
            {
                var staged = Path.Combine(_staging, file);
                using var stream = File.OpenRead(staged);
                var sha = Convert.ToHexStringLower(SHA256.HashData(stream));
                records.Add(new OutputRecord(file, spec.Format, writer.Records, stream.Length, sha));
            }
        }
        return records;
    }

    /// <summary>Writes a file (the manifest) into the staging folder so it is committed with the outputs, last.</summary>
    public void AddFile(string relative, byte[] content) => File.WriteAllBytes(Path.Combine(_staging, relative), content);

    /// <summary>Moves every staged file over its final path. Data files first, then the manifest.</summary>
    public void Commit(string? lastFile = null)
    {
        var files = Directory.EnumerateFiles(_staging, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_staging, f))
            .OrderBy(f => f == lastFile ? 1 : 0).ThenBy(f => f, StringComparer.Ordinal)
            .ToList();
        foreach (var relative in files)
        {
            var final = Path.Combine(_outDir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Move(Path.Combine(_staging, relative), final, overwrite: true);
        }
        _committed = true;
        Directory.Delete(_staging, recursive: true);
    }

    public void Dispose()
    {
        foreach (var output in _outputs) output.Writer.Dispose();
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

/// <summary>One file an output wrote, as the manifest lists it.</summary>
public sealed record OutputRecord(string Path, string Format, long Records, long Bytes, string Sha256);
