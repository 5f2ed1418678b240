using System.Security.Cryptography;
using System.Text;
using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>
/// The stable plan of work units (pipeline-anchors §6.2): every file in input order; a one-record-per-line file that is
/// not compressed and is larger than the unit size is cut into ranges at the first line end at or after each multiple
/// of the unit size. A plain run reads whole files; a sharded run cuts, so large files spread over shards. Shard i of N
/// takes a contiguous slice of the units, so concatenating the shards' outputs in shard order gives the plain run's.
/// </summary>
public static class WorkPlan
{
    public const long DefaultUnitBytes = 64L << 20;

    public static IReadOnlyList<WorkUnit> WholeFiles(IReadOnlyList<InputFile> inputs) => WholeFilesAsTheyCome(inputs).ToList();

    /// <summary>
    /// Each input as one whole-file unit, one at a time as the inputs are enumerated: they may still be coming in
    /// (<see cref="ResolvingInputs.InOrder"/>).
    /// </summary>
    public static IEnumerable<WorkUnit> WholeFilesAsTheyCome(IEnumerable<InputFile> inputs)
    {
        foreach (var file in inputs) yield return new WorkUnit(file, 0, file.Length) { IsWholeFile = true };
    }

    public static IReadOnlyList<WorkUnit> Build(IReadOnlyList<InputFile> inputs, long unitBytes)
    {
        var units = new List<WorkUnit>();
        foreach (var file in inputs)
        {
            if (file.Reader.OneRecordPerFile || file.Length <= unitBytes || FormatDetector.IsGzip(file.Path) || ZstdInput.IsZstd(file.Path)
                || (file.Reader is ChatRowsReader or AtifReader && !ChatRowsReader.IsLines(file.Path))) // Parquet, a JSON array, an indented document
            {
                units.Add(new WorkUnit(file, 0, file.Length) { IsWholeFile = true });
                continue;
            }
            var bounds = Boundaries(file.Path, file.Length, unitBytes);
            for (var i = 0; i + 1 < bounds.Count; i++) units.Add(new WorkUnit(file, bounds[i], bounds[i + 1]) { IsWholeFile = bounds.Count == 2 });
        }
        return units;
    }

    /// <summary>The shard's slice: units [first, first + count).</summary>
    public static (int First, int Count) Slice(int units, int shard, int shards)
    {
        var first = (int)((long)units * shard / shards);
        var next = (int)((long)units * (shard + 1) / shards);
        return (first, next - first);
    }

    /// <summary>A hash of what each unit contains (file path relative to the base folder, range, size), for merge to check that parts share one plan.</summary>
    public static string Hash(IReadOnlyList<WorkUnit> units, string baseDirectory)
    {
        var text = new StringBuilder();
        foreach (var u in units)
            text.Append(Path.GetRelativePath(baseDirectory, u.File.Path).Replace('\\', '/')).Append('\t')
                .Append(u.File.Length).Append('\t').Append(u.Start).Append('\t').Append(u.End).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static List<long> Boundaries(string path, long length, long unitBytes)
    {
        var bounds = new List<long> { 0 };
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 16];
        for (var target = unitBytes; target < length; target += unitBytes)
        {
            if (target <= bounds[^1]) continue; // one line longer than a unit: the next boundary is past it already
            stream.Position = target - 1; // a line end just before the target makes the target itself a boundary
            long position = target - 1;
            long found = -1;
            int read;
            while (found < 0 && (read = stream.Read(buffer)) > 0)
            {
                var i = buffer.AsSpan(0, read).IndexOf((byte)'\n');
                if (i >= 0) found = position + i + 1;
                position += read;
            }
            if (found < 0 || found >= length) break;
            if (found > bounds[^1]) bounds.Add(found);
        }
        bounds.Add(length);
        return bounds;
    }
}
