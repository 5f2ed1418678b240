using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// Our own <c>parquet</c> output read back (<c>trace-parquet</c>): detected by its footer, and every column the trace
/// shape has comes back as the trace JSONL had it (the byte-for-byte round trips are TraceParquetRoundTripTests).
/// </summary>
public sealed class TraceParquetReaderTests
{
    private static readonly string[] Samples = ["agenttrace", "claude-code", "codex", "pi", "swe-agent", "mini-swe-agent"];

    [Fact]
    public void Trace_jsonl_to_parquet_and_back_keeps_every_column_of_the_shape_and_the_file_is_detected()
    {
        using var dir = new TempFolder();
        var a = dir.File("a.jsonl");
        Assert.Equal(0, Support.Cli.Run(["export", .. Samples.Select(s => RepoPaths.Samples(s)), "-f", "trace", "-o", a]).ExitCode);
        var parquet = dir.File("a.parquet");
        Assert.Equal(0, Support.Cli.Run("export", a, "-f", "parquet", "-o", parquet, "--threads", "3").ExitCode);
        Assert.Equal("trace-parquet", FormatDetector.Detect(parquet).Format);
        var b = dir.File("b.jsonl");
        Assert.Equal(0, Support.Cli.Run("export", parquet, "-f", "trace", "-o", b).ExitCode);

        var expected = File.ReadAllLines(a).Where(l => l.Length > 0).ToList();
        var actual = File.ReadAllLines(b).Where(l => l.Length > 0).ToList();
        Assert.True(expected.Count > 10, "the samples give traces of every format");
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            using var e = JsonDocument.Parse(expected[i]);
            using var g = JsonDocument.Parse(actual[i]);
            Assert.Equal(Shape(e.RootElement), Shape(g.RootElement));
        }

        // The shape's columns are all the file holds, so writing the read-back traces gives the same bytes.
        var again = dir.File("b.parquet");
        Assert.Equal(0, Support.Cli.Run("export", b, "-f", "parquet", "-o", again).ExitCode);
        Assert.Equal(File.ReadAllBytes(parquet), File.ReadAllBytes(again));
    }

    /// <summary>The first table of the trace JSONL (docs/trace-schema.md), as raw JSON text per key.</summary>
    private static string Shape(JsonElement t)
    {
        string Pick(JsonElement o, params string[] keys) =>
            "{" + string.Join(",", keys.Select(k => $"\"{k}\":" + (!o.TryGetProperty(k, out var v) ? "absent"
                // cost_usd is a decimal in the JSONL and a DOUBLE column: the same value, maybe without a trailing zero.
                : k == "cost_usd" && v.ValueKind == JsonValueKind.Number ? v.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                : v.GetRawText()))) + "}";
        var messages = t.GetProperty("messages").EnumerateArray().Select(m =>
            Pick(m, "role", "text", "thinking") + "[" + string.Join(",", m.GetProperty("tool_calls").EnumerateArray().Select(c => Pick(c, "id", "name", "arguments"))) + "]");
        var actions = t.GetProperty("actions").EnumerateArray().Select(x =>
            Pick(x, "index", "id", "name", "arguments", "input", "output", "failed", "exit_code", "duration_ms", "telemetry"));
        return Pick(t, "id", "format", "agent", "model", "task", "started_at", "duration_ms", "metadata")
            + "[" + string.Join(",", messages) + "][" + string.Join(",", actions) + "]"
            + Pick(t.GetProperty("usage"), "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cost_usd");
    }
}
