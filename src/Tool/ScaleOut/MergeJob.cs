using TraceCurate.Diagnostics;
using TraceCurate.Manifests;
using TraceCurate.Outputs;
using TraceCurate.Pipeline;

namespace TraceCurate.ScaleOut;

/// <summary>
/// <c>merge PART… --out DIR</c>: checks that the parts are every shard of one recipe and plan, then writes the outputs
/// (single-file outputs concatenated in shard order; folder outputs joined) and a manifest byte-identical to the plain
/// run's, atomically. Counts are sums; a file's size and SHA-256 come from the shard that read its start.
/// </summary>
public static class MergeJob
{
    public static ManifestModel Run(IReadOnlyList<string> partDirs, string outDir)
    {
        var parts = partDirs.Select(d => (Dir: Path.GetFullPath(d), Info: PartManifest.Read(d))).ToList();
        Check(parts.Select(p => (p.Dir, p.Info)).ToList());
        parts = parts.OrderBy(p => p.Info.Shard).ToList();
        var first = parts[0].Info.Manifest!;
        var manifests = parts.Select(p => p.Info.Manifest!).ToList();

        using var staging = new StagedOutputs(outDir, []);
        var outputs = new List<OutputEntry>();
        for (var o = 0; o < first.Outputs.Count; o++)
        {
            var spec = first.Outputs[o];
            var files = new List<OutputFile>();
            if (spec.IsSingleFile)
            {
                using (var merged = Create(staging.StagingDirectory, spec.Path))
                    foreach (var (dir, _) in parts)
                        using (var part = File.OpenRead(Path.Combine(dir, spec.Path)))
                            part.CopyTo(merged);
                files.Add(StagedOutputs.Describe(staging.StagingDirectory, spec.Path));
            }
            else
            {
                staging.DeclareFolderOutput(spec.Path);
                foreach (var (dir, info) in parts)
                    foreach (var file in info.Manifest!.Outputs[o].Files)
                    {
                        if (files.Any(f => f.Path == file.Path))
                            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.MergeMismatch, $"two parts wrote '{file.Path}'", dir));
                        using (var target = Create(staging.StagingDirectory, file.Path))
                        using (var source = File.OpenRead(Path.Combine(dir, file.Path)))
                            source.CopyTo(target);
                        files.Add(StagedOutputs.Describe(staging.StagingDirectory, file.Path));
                    }
            }
            outputs.Add(OutputEntry.Of(spec.Path, spec.Format, manifests.Sum(m => m.Outputs[o].Records), files) with
            {
                Skipped = SumSkipped(manifests.Select(m => m.Outputs[o].Skipped)),
                SubagentsNotInlined = manifests.Sum(m => m.Outputs[o].SubagentsNotInlined),
            });
        }

        var model = first with
        {
            Inputs = first.Inputs.Select((input, i) =>
            {
                var owner = manifests.Select(m => m.Inputs[i]).FirstOrDefault(x => x.Sha256.Length > 0) ?? input;
                return input with
                {
                    Bytes = owner.Bytes,
                    Sha256 = owner.Sha256,
                    Records = manifests.Sum(m => m.Inputs[i].Records),
                    Traces = manifests.Sum(m => m.Inputs[i].Traces),
                    BadRecordsSkipped = manifests.Sum(m => m.Inputs[i].BadRecordsSkipped),
                    TruncatedRecordsSkipped = manifests.Sum(m => m.Inputs[i].TruncatedRecordsSkipped),
                    Read = MergeReads(manifests.Select(m => m.Inputs[i].Read)),
                };
            }).ToList(),
            Steps = first.Steps.Select((step, i) => step with { Counters = SumCounters(manifests.Select(m => m.Steps[i].Counters)) }).ToList(),
            Outputs = outputs,
        };
        staging.AddFile(ManifestJson.FileName, ManifestJson.Write(model));
        staging.Commit(lastFile: ManifestJson.FileName);
        return model;
    }

    /// <summary>The parts' read reports of one input, summed as the plain run counts them; null when no part has one.</summary>
    private static Formats.ReadReport? MergeReads(IEnumerable<Formats.ReadReport?> parts)
    {
        Formats.ReadReport? merged = null;
        foreach (var part in parts)
        {
            if (part is null) continue;
            (merged ??= new Formats.ReadReport()).Merge(part);
        }
        return merged;
    }

    private static void Check(List<(string Dir, PartInfo Info)> parts)
    {
        if (parts.Count == 0) throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.MergeMismatch, "merge needs the part folders of every shard"));
        var (firstDir, first) = parts[0];
        foreach (var (dir, info) in parts.Skip(1))
        {
            string? why = info.Plan != first.Plan || info.Shards != first.Shards ? $"it belongs to another plan or shard count than {firstDir}"
                : info.Manifest!.Recipe != first.Manifest!.Recipe ? $"it was built from another recipe ({info.Manifest.Recipe.Sha256[..12]} vs {first.Manifest.Recipe.Sha256[..12]})"
                : info.Manifest.CompileCacheKey != first.Manifest.CompileCacheKey ? "its snippets were compiled differently (tool, runtime or imports differ)"
                : null;
            if (why is not null) throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.MergeMismatch, $"this part cannot be merged: {why}", dir));
        }
        var shards = parts.Select(p => p.Info.Shard).ToList();
        var repeated = shards.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var missing = Enumerable.Range(0, first.Shards).Except(shards).ToList();
        if (repeated.Count > 0 || missing.Count > 0)
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.MergeMismatch,
                $"merge needs each of the {first.Shards} shards once; " +
                (missing.Count > 0 ? $"missing: {string.Join(", ", missing)}" : "") +
                (repeated.Count > 0 ? $"{(missing.Count > 0 ? "; " : "")}given twice: {string.Join(", ", repeated)}" : "")));
    }

    private static IReadOnlyList<KeyValuePair<string, long>> SumCounters(IEnumerable<IReadOnlyList<KeyValuePair<string, long>>> parts)
    {
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var part in parts)
            foreach (var (name, value) in part) sums[name] = sums.GetValueOrDefault(name) + value;
        return Funnel.Order(sums);
    }

    /// <summary>An output's skips by reason, added up over the parts, in ordinal order as a run writes them.</summary>
    private static IReadOnlyList<KeyValuePair<string, long>> SumSkipped(IEnumerable<IReadOnlyList<KeyValuePair<string, long>>> parts)
    {
        var sums = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var part in parts)
            foreach (var (reason, count) in part) sums[reason] = sums.GetValueOrDefault(reason) + count;
        return [.. sums];
    }

    private static FileStream Create(string root, string relative)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.CreateNew, FileAccess.Write);
    }
}
