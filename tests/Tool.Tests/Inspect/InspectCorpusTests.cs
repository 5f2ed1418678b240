using System.Text.Json;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Inspect;

/// <summary>
/// <c>inspect --json</c> on real sessions no one here wrote gives the action counts of their raw files (counted here by
/// a plain JSON scan, independently of the readers) and the failure counts that input-formats §11 derives by hand.
/// </summary>
public sealed class InspectCorpusTests
{
    private static JsonElement Inspect(string path)
    {
        var result = Support.Cli.Run("inspect", path, "--json");
        Assert.True(result.ExitCode == 0, result.Err);
        return JsonDocument.Parse(result.Out).RootElement;
    }

    [CorpusFact("pi")]
    public void Pi_large_session_counts_match_the_raw_file_and_the_spec()
    {
        var corpus = CorpusCounts.File("");
        var path = Path.Combine(corpus, "pi", "large-session.jsonl");
        var raw = RawSessionScan.Lines(path)
            .Where(l => RawSessionScan.Str(l, "type") == "message" && l.GetProperty("message").GetProperty("role").GetString() == "assistant")
            .SelectMany(l => l.GetProperty("message").GetProperty("content").EnumerateArray())
            .Count(b => b.ValueKind == JsonValueKind.Object && RawSessionScan.Str(b, "type") == "toolCall");

        var stats = Inspect(path);

        Assert.Equal(391, raw); // §11's figure, so the scan itself is checked
        Assert.Equal(raw, stats.GetProperty("actions").GetInt64());
        // §11: of 19 isError results, 11 are grep no-matches and 2 aborts; 6 are real failures.
        Assert.Equal(6, stats.GetProperty("failed_actions").GetInt64());
        Assert.Equal(2, stats.GetProperty("interrupted_actions").GetInt64());
    }

    [CorpusFact("claude-code")]
    public void Claude_code_sessions_count_every_tool_use_block_once()
    {
        var corpus = CorpusCounts.File("");
        foreach (var path in Directory.GetFiles(Path.Combine(corpus, "claude-code"), "*.jsonl").Where(p => !p.EndsWith("claude_agent.jsonl")))
        {
            var raw = RawSessionScan.Lines(path)
                .Where(l => l.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object
                            && m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.Array)
                .SelectMany(l => l.GetProperty("message").GetProperty("content").EnumerateArray())
                .Where(b => b.ValueKind == JsonValueKind.Object && RawSessionScan.Str(b, "type") == "tool_use")
                .Select(b => RawSessionScan.Str(b, "id")).Distinct().Count();

            Assert.Equal(raw, Inspect(path).GetProperty("actions").GetInt64());
        }
    }

    [CorpusFact]
    public void Codex_and_swe_agent_counts_match_the_spec()
    {
        var corpus = CorpusCounts.File("");
        var codex = Inspect(Path.Combine(corpus, "codex", "codex_session.jsonl"));
        var swe = Inspect(Path.Combine(corpus, "swe-agent", "pydicom__pydicom-1458.traj"));

        Assert.Equal((5L, 2L), (codex.GetProperty("actions").GetInt64(), codex.GetProperty("failed_actions").GetInt64())); // §11
        var steps = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(corpus, "swe-agent", "pydicom__pydicom-1458.traj")))
            .RootElement.GetProperty("trajectory").GetArrayLength();
        Assert.Equal(steps, swe.GetProperty("actions").GetInt64()); // one action per trajectory step (12, §11)
    }
}
