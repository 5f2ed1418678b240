using TraceCurate.Diagnostics;
using TraceCurate.Manifests;
using TraceCurate.Outputs;
using TraceCurate.Recipes;

namespace TraceCurate.Pipeline;

/// <summary>
/// <c>verify</c>: rebuilds a recipe into a temporary folder (with the build's own <c>--limit</c>) and compares the new
/// manifest with the one in the output folder, and the output folder's files with their manifest. Returns one
/// diagnostic per difference (an input changed, the recipe changed, an output differs); none means identical.
/// </summary>
public static class VerifyJob
{
    public static IReadOnlyList<Diagnostic> Run(string recipePath, string? outDir, RunOptions options)
    {
        var recipe = RecipeLoader.Load(recipePath);
        var dir = Path.GetFullPath(outDir ?? Path.Combine("out", recipe.Name));
        // A killed run's commit is finished or undone first, so the build checked is a whole one (docs/safety.md).
        foreach (var note in OutputRecovery.Recover(dir)) options.Log.WriteLine(note);
        var manifestPath = Path.Combine(dir, ManifestJson.FileName);
        if (!File.Exists(manifestPath))
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputNotFound, "no manifest.json here: run the recipe first", dir));
        var recorded = ManifestJson.Read(manifestPath);

        var differences = new List<Diagnostic>();
        Diagnostic Difference(string message) => Diagnostic.Error(DiagnosticCodes.VerifyMismatch, message, manifestPath);
        foreach (var output in recorded.Outputs)
            foreach (var file in output.Files)
            {
                var path = Path.Combine(dir, file.Path);
                if (!File.Exists(path)) differences.Add(Difference($"output file {file.Path} is missing from the build folder"));
                else if (StagedOutputs.Describe(dir, file.Path).Sha256 != file.Sha256)
                    differences.Add(Difference($"output file {file.Path} was changed after the build"));
            }
        // A folder output holds exactly its listed files (docs/safety.md): one more is a stale or a hand-added file.
        foreach (var output in recorded.Outputs.Where(o => !o.IsSingleFile && Directory.Exists(Path.Combine(dir, o.Path))))
        {
            var listed = output.Files.Select(f => Outputs.OutputPaths.Normalize(f.Path)).ToHashSet(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(dir, output.Path), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                if (Path.GetRelativePath(dir, file).Replace('\\', '/') is var relative && !listed.Contains(relative))
                    differences.Add(Difference($"output folder {output.Path} holds {relative}, which the build did not write"));
        }

        var temp = Path.Combine(Path.GetTempPath(), $"trace-curate-verify-{Guid.NewGuid():N}");
        try
        {
            RecipeJob.Run(recipePath, options with { OutDir = temp, Limit = recorded.Limit, SkipUnknown = recorded.SkippedUnknown.Count > 0, ProgressLog = options.Log, Log = TextWriter.Null });
            var rebuilt = ManifestJson.Read(Path.Combine(temp, ManifestJson.FileName));
            var diff = ManifestDiff.Compare(recorded, rebuilt);
            differences.AddRange(diff.Build.Concat(diff.Inputs).Select(Difference));
            differences.AddRange(diff.Steps.Select(s => Difference($"step {s.Step}: {s.Counter} {s.Before} in the build, {s.After} in the rebuild")));
            differences.AddRange(diff.Outputs.Select(o => Difference(
                $"output {o.Path} differs: {o.RecordsBefore} records and {o.BytesBefore} bytes in the build, {o.RecordsAfter} and {o.BytesAfter} in the rebuild")));
            differences.AddRange(diff.Skips.Select(k => Difference($"output {k.Path}: skipped {k.Reason} {k.Before} in the build, {k.After} in the rebuild")));
            if (differences.Count == 0 && !File.ReadAllBytes(manifestPath).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(temp, ManifestJson.FileName))))
                differences.Add(Difference("manifest.json differs from the rebuild's although every figure matches (edited by hand?)"));
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
        return differences;
    }
}
