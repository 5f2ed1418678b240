using System.Text.Json;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.Redaction;

/// <summary>
/// Redaction over the real sessions of the corpus: every id the tool must never touch (UUIDs, tool-call ids, git SHAs,
/// SHA-256 hex, base64 images, message ids, signatures) is the same, counted and hashed by an independent script
/// (tests/corpus-counts/protected_ids.py) in each input file and in its redacted original; and the redacted originals
/// read back as the same traces, with their tool calls and results paired as before.
/// </summary>
public sealed class RedactionCorpusTests
{
    private static string Recipe(string inputs, string steps, string outputs) => $"""
        name: corpus-redaction
        inputs: [{inputs}]
        on_bad_record: skip
        steps:
        {steps}
        outputs:
        {outputs}
        """;

    private static string CorpusInputs => string.Join(", ", new[] { "claude-code", "codex", "pi" }.Select(f => "'" + CorpusCounts.File(f) + "'"));

    [CorpusFact]
    public void Redacting_real_sessions_changes_no_protected_id()
    {
        using var folder = new TempFolder();
        RecipeRun.Run(folder, Recipe(CorpusInputs, "  - {name: scrub, redact: [all]}", "  - {path: sessions/, format: original}"));
        var written = Directory.GetFiles(folder["out/sessions"]).Order(StringComparer.Ordinal).ToArray();
        Assert.True(written.Length >= 16, $"only {written.Length} sessions written");
        var inputs = Directory.GetFiles(RepoPaths.CorpusFolder("")!, "*.jsonl", SearchOption.AllDirectories)
            .Where(p => p.Contains("/claude-code/") || p.Contains("/codex/") || p.Contains("/pi/"))
            .GroupBy(Path.GetFileName).ToDictionary(g => g.Key!, g => Assert.Single(g));
        var sources = written.Select(w => inputs[Path.GetFileName(w)]).ToArray();

        var before = CorpusCounts.Run("protected_ids.py", sources);
        var after = CorpusCounts.Run("protected_ids.py", written);
        var totals = new Dictionary<string, long>();
        foreach (var file in before.EnumerateObject())
            foreach (var kind in file.Value.EnumerateObject())
            {
                var redacted = after.GetProperty(file.Name).GetProperty(kind.Name);
                totals[kind.Name] = totals.GetValueOrDefault(kind.Name) + kind.Value.GetProperty("count").GetInt64();
                if (kind.Name == "signature")
                {
                    // A signed thinking block whose text was redacted is left out with its signature (checked below).
                    totals["signature_after"] = totals.GetValueOrDefault("signature_after") + redacted.GetProperty("count").GetInt64();
                    continue;
                }
                Assert.True(kind.Value.GetProperty("count").GetInt64() == redacted.GetProperty("count").GetInt64()
                            && kind.Value.GetProperty("sha256").GetString() == redacted.GetProperty("sha256").GetString(),
                    $"{file.Name}: {kind.Name} changed: {kind.Value} before, {redacted} after");
            }
        var dropped = File.ReadLines(folder["out/redactions.jsonl"]).Sum(l =>
            JsonDocument.Parse(l).RootElement.GetProperty("kinds").TryGetProperty("signed_thinking_dropped", out var n) ? n.GetInt64() : 0);
        Assert.Equal(totals["signature"], totals["signature_after"] + dropped);
        // Not vacuous: the sessions hold many of each id the readers depend on.
        foreach (var kind in new[] { "uuid", "tool_call_id", "message_id", "signature" })
            Assert.True(totals[kind] > 10, $"only {totals[kind]} {kind} in the corpus sessions");
        // And the redaction did something: the user names of the corpus are gone.
        var all = string.Concat(written.Select(File.ReadAllText));
        Assert.DoesNotContain("kenth56", all);
        Assert.DoesNotContain("/Users/pete/", all);
    }

    [CorpusFact]
    public void Redacted_originals_read_back_as_the_same_traces_with_calls_paired()
    {
        using var folder = new TempFolder();
        RecipeRun.Run(folder, Recipe(CorpusInputs, "  - {name: scrub, redact: [all]}",
            "  - {path: sessions/, format: original}\n  - {path: redacted.jsonl, format: trace}"));
        RecipeRun.Run(folder, Recipe("'" + folder["out/sessions"] + "'", "  - where: true", "  - {path: reread.jsonl, format: trace}"), outDir: "reread");
        var redacted = Shapes(folder["out/redacted.jsonl"]);
        var reread = Shapes(folder["reread/reread.jsonl"]);
        Assert.True(reread.Count >= 20, $"only {reread.Count} traces read back");
        foreach (var (id, shape) in reread)
        {
            Assert.True(redacted.TryGetValue(id, out var expected), $"trace {id} read back from a redacted original was not in the run");
            Assert.Equal(expected, shape);
        }
    }

    /// <summary>Per trace id: messages and, per action, its call id and whether it has a result (the tool_use/tool_result pairing).</summary>
    private static Dictionary<string, string> Shapes(string traceJsonl) =>
        File.ReadLines(traceJsonl).Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(
            t => t.GetProperty("id").GetString()!,
            t => $"{t.GetProperty("messages").GetArrayLength()} messages; " + string.Join(" ", t.GetProperty("actions").EnumerateArray().Select(a =>
                (a.TryGetProperty("id", out var id) ? id.GetString() : "-") + (a.TryGetProperty("output", out var o) && o.ValueKind == JsonValueKind.String ? "+" : "?"))));
}
