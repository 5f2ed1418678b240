using System.Globalization;
using System.Text;

namespace TraceCurate.Manifests;

/// <summary>What differs between two manifests: the recipe, imports, inputs, each step's counters, each output.</summary>
public sealed record ManifestDiff(
    IReadOnlyList<string> Build,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<(string Step, string Counter, long Before, long After)> Steps,
    IReadOnlyList<(string Path, long RecordsBefore, long RecordsAfter, long BytesBefore, long BytesAfter, bool ContentChanged)> Outputs)
{
    /// <summary>Each output's skip counts that differ (a reason's count, or the sub-agents not inlined), before and after.</summary>
    public IReadOnlyList<(string Path, string Reason, long Before, long After)> Skips { get; init; } = [];

    public bool Same => Build.Count == 0 && Inputs.Count == 0 && Steps.Count == 0 && Outputs.Count == 0 && Skips.Count == 0;

    public static ManifestDiff Compare(ManifestModel a, ManifestModel b)
    {
        var build = new List<string>();
        if (a.Recipe.Sha256 != b.Recipe.Sha256) build.Add($"the recipe {b.Recipe.File} changed");
        foreach (var path in a.Imports.Select(i => i.Path).Union(b.Imports.Select(i => i.Path)))
        {
            var (x, y) = (a.Imports.FirstOrDefault(i => i.Path == path), b.Imports.FirstOrDefault(i => i.Path == path));
            if (x is null) build.Add($"import {path} was added");
            else if (y is null) build.Add($"import {path} was removed");
            else if (x.Sha256 != y.Sha256) build.Add($"import {path} changed");
        }
        if (a.ToolVersion != b.ToolVersion) build.Add($"tool version {a.ToolVersion} -> {b.ToolVersion}");
        if (a.RuntimeVersion != b.RuntimeVersion) build.Add($"runtime {a.RuntimeVersion} -> {b.RuntimeVersion}");
        // The key covers the tool's exact build (its informational version carries the commit), Roslyn and the runtime:
        // a different key with the same version means another build of the tool compiled the snippets.
        if (a.CompileCacheKey != b.CompileCacheKey && a.Recipe.Sha256 == b.Recipe.Sha256 && a.Imports.SequenceEqual(b.Imports))
            build.Add("the snippets were compiled by another build of the tool (compile_cache_key differs)");
        if (a.Limit != b.Limit) build.Add($"--limit {a.Limit?.ToString(CultureInfo.InvariantCulture) ?? "none"} -> {b.Limit?.ToString(CultureInfo.InvariantCulture) ?? "none"}");

        var inputs = new List<string>();
        if (!a.SkippedUnknown.SequenceEqual(b.SkippedUnknown, StringComparer.Ordinal))
            inputs.Add($"files skipped as of no known format (--skip-unknown): {a.SkippedUnknown.Count} -> {b.SkippedUnknown.Count}");
        foreach (var path in a.Inputs.Select(i => i.Path).Union(b.Inputs.Select(i => i.Path)))
        {
            var (x, y) = (a.Inputs.FirstOrDefault(i => i.Path == path), b.Inputs.FirstOrDefault(i => i.Path == path));
            if (x is null) inputs.Add($"input {path} was added");
            else if (y is null) inputs.Add($"input {path} was removed");
            else if (x.Sha256 != y.Sha256) inputs.Add($"input {path} changed ({x.Bytes} -> {y.Bytes} bytes, sha256 {x.Sha256[..12]} -> {y.Sha256[..12]})");
        }

        var steps = new List<(string, string, long, long)>();
        foreach (var name in a.Steps.Select(s => s.Name).Union(b.Steps.Select(s => s.Name)))
        {
            var (x, y) = (a.Steps.FirstOrDefault(s => s.Name == name), b.Steps.FirstOrDefault(s => s.Name == name));
            var counters = (x?.Counters ?? []).Select(c => c.Key).Union((y?.Counters ?? []).Select(c => c.Key));
            foreach (var counter in counters)
            {
                var (before, after) = (x?.Get(counter) ?? 0, y?.Get(counter) ?? 0);
                if (before != after || x is null || y is null) steps.Add((name, counter, before, after));
            }
        }

        var outputs = new List<(string, long, long, long, long, bool)>();
        foreach (var path in a.Outputs.Select(o => o.Path).Union(b.Outputs.Select(o => o.Path)))
        {
            var (x, y) = (a.Outputs.FirstOrDefault(o => o.Path == path), b.Outputs.FirstOrDefault(o => o.Path == path));
            if (x?.Sha256 == y?.Sha256 && x?.Records == y?.Records) continue;
            outputs.Add((path, x?.Records ?? 0, y?.Records ?? 0, x?.Bytes ?? 0, y?.Bytes ?? 0, x?.Sha256 != y?.Sha256));
        }
        return new ManifestDiff(build, inputs, steps, outputs) { Skips = CompareSkips(a, b) };
    }

    /// <summary>Skip counts by output and reason that differ; a reason missing on one side counts 0 there.</summary>
    private static List<(string, string, long, long)> CompareSkips(ManifestModel a, ManifestModel b)
    {
        var skips = new List<(string, string, long, long)>();
        foreach (var path in a.Outputs.Select(o => o.Path).Union(b.Outputs.Select(o => o.Path)))
        {
            var (x, y) = (a.Outputs.FirstOrDefault(o => o.Path == path), b.Outputs.FirstOrDefault(o => o.Path == path));
            if (x is null || y is null) continue; // an added or removed output is reported with the outputs
            var counts = (IReadOnlyList<KeyValuePair<string, long>> list, string reason) => list.FirstOrDefault(c => c.Key == reason).Value;
            foreach (var reason in x.Skipped.Select(c => c.Key).Union(y.Skipped.Select(c => c.Key)).Order(StringComparer.Ordinal))
                if (counts(x.Skipped, reason) != counts(y.Skipped, reason)) skips.Add((path, reason, counts(x.Skipped, reason), counts(y.Skipped, reason)));
            if (x.SubagentsNotInlined != y.SubagentsNotInlined) skips.Add((path, "subagents_not_inlined", x.SubagentsNotInlined, y.SubagentsNotInlined));
        }
        return skips;
    }

    /// <summary>Markdown for a pull-request comment: the funnel and outputs side by side with their change.</summary>
    public static string Markdown(ManifestModel a, ManifestModel b, ManifestDiff diff)
    {
        var md = new StringBuilder();
        md.AppendLine($"### trace-curate: {b.Recipe.Name}");
        md.AppendLine();
        if (diff.Same)
        {
            md.AppendLine("No change: same inputs, same counts, same output bytes.");
            return md.ToString();
        }
        foreach (var line in diff.Build.Concat(diff.Inputs)) md.AppendLine($"- {line}");
        if (diff.Build.Count + diff.Inputs.Count > 0) md.AppendLine();
        md.AppendLine("| step | in | kept | dropped |");
        md.AppendLine("|---|---|---|---|");
        foreach (var name in a.Steps.Select(s => s.Name).Union(b.Steps.Select(s => s.Name)))
        {
            var (x, y) = (a.Steps.FirstOrDefault(s => s.Name == name), b.Steps.FirstOrDefault(s => s.Name == name));
            md.AppendLine($"| {name} | {Change(x?.Get("in"), y?.Get("in"))} | {Change(x?.Get("kept"), y?.Get("kept"))} | {Change(x?.Get("dropped"), y?.Get("dropped"))} |");
        }
        md.AppendLine();
        md.AppendLine("| output | records | bytes | content |");
        md.AppendLine("|---|---|---|---|");
        foreach (var path in a.Outputs.Select(o => o.Path).Union(b.Outputs.Select(o => o.Path)))
        {
            var (x, y) = (a.Outputs.FirstOrDefault(o => o.Path == path), b.Outputs.FirstOrDefault(o => o.Path == path));
            md.AppendLine($"| {path} | {Change(x?.Records, y?.Records)} | {Change(x?.Bytes, y?.Bytes)} | {(x?.Sha256 == y?.Sha256 ? "same" : "changed")} |");
        }
        if (diff.Skips.Count > 0)
        {
            md.AppendLine();
            foreach (var (path, reason, before, after) in diff.Skips) md.AppendLine($"- {path}: skipped {reason} {Change(before, after)}");
        }
        return md.ToString();
    }

    private static string Change(long? before, long? after)
    {
        string F(long? v) => v?.ToString("N0", CultureInfo.InvariantCulture) ?? "—";
        if (before == after) return F(after);
        var delta = (after ?? 0) - (before ?? 0);
        return $"{F(before)} → {F(after)} ({(delta >= 0 ? "+" : "")}{delta.ToString("N0", CultureInfo.InvariantCulture)})";
    }
}
