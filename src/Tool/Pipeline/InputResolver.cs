using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Recipes;

namespace TraceCurate.Pipeline;

/// <summary>
/// Turns input entries (files, folders read recursively, globs) into input files with a reader each: the forced
/// format when given, else the one detected from the content. A pattern that matches nothing, or a file of no known
/// format, is an error naming it, never a silent skip.
/// </summary>
public static class InputResolver
{
    public static IReadOnlyList<InputFile> Resolve(IEnumerable<InputSpec> specs, string? forcedFormat)
    {
        var result = new List<InputFile>();
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
            foreach (var path in Expand(spec))
            {
                if (!seen.Add(path)) continue; // two patterns naming one file read it once
                var reader = forced ?? Detect(path);
                result.Add(new InputFile(path, reader, options) { Length = new FileInfo(path).Length });
            }
        }
        return result;
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
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputUnreadable, $"cannot read the file: {e.Message}", path));
        }
    }

    private static IReadOnlyList<string> Expand(InputSpec spec)
    {
        var full = Path.GetFullPath(Path.Combine(spec.BaseDirectory, spec.Pattern));
        IReadOnlyList<string> files;
        if (Glob.HasWildcards(spec.Pattern)) files = Glob.Expand(full);
        else if (Directory.Exists(full))
            files = Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                .Where(f => !Glob.IsHidden(Path.GetRelativePath(full, f)))
                .Order(StringComparer.Ordinal).ToList();
        else if (File.Exists(full)) files = [full];
        else files = [];
        // A Claude Code sub-agent's agent-<id>.meta.json is read with its agent-<id>.jsonl, not as an input of its own.
        if (!File.Exists(full)) files = files.Where(f => !ClaudeCodeSubagentFiles.IsCompanion(f)).ToList();
        if (files.Count == 0)
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputNotFound,
                $"input '{spec.Pattern}' matches no file (looked for {full})", spec.Position.File, spec.Position.Line, spec.Position.Column));
        return files;
    }
}
