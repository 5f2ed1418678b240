using System.Text.Json;
using TraceCurate.Inspect;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Reading;

/// <summary>
/// <c>run</c> and <c>inspect</c> read through one producer and one bad-record policy (docs/architecture.md, Reading):
/// the same damaged inputs give the same per-input counts, read report and warnings in the run's manifest and log as in
/// inspect's figures and log. The inputs are built here, so the counts are known by construction.
/// </summary>
public sealed class OneReadPathTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// rows.jsonl: two good AgentTrace rows, a malformed line between them (a bad record) and a last line cut short
    /// without a line end (a truncated record). session.jsonl: a Claude Code session with a damaged line inside it (a
    /// line skipped, the session kept) and a record of a type its reader does not know.
    /// </summary>
    private (string Rows, string Session) DamagedInputs()
    {
        var rows = AgentTraceLines.Samples().Take(3).ToList();
        var rowsPath = _dir.Write("in/rows.jsonl", rows[0] + "\n{\"run_id\": broken\n" + rows[1] + "\n" + rows[2][..(rows[2].Length / 2)]);
        var session = File.ReadAllLines(RepoPaths.Samples("claude-code", "cart-rounding.jsonl")).ToList();
        session.Insert(5, "{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"te");
        session.Insert(8, "{\"type\":\"x-future-record\",\"uuid\":\"0b6f3a52-1111-4c1e-9d2a-6f0e5d4c3b2a\",\"timestamp\":\"2026-01-20T09:13:00.000Z\"}");
        var sessionPath = _dir.Write("in/session.jsonl", string.Concat(session.Select(l => l + "\n")));
        return (rowsPath, sessionPath);
    }

    [Fact]
    public void A_damaged_cut_or_unknown_record_is_counted_and_reported_alike_by_run_and_inspect()
    {
        var (rows, session) = DamagedInputs();
        var run = RecipeRun.RunLogged(_dir, """
            name: alike
            inputs:
              - in/rows.jsonl
              - in/session.jsonl
            on_bad_record: skip
            outputs:
              - {path: kept.jsonl, format: trace}
            """);
        var inspectLog = new StringWriter();
        var inspection = InspectJob.Run(new InspectOptions { Inputs = [rows, session], SkipBadRecords = true, Threads = 2, Log = inspectLog });

        var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(run.OutDir, "manifest.json"))).RootElement;
        var ran = manifest.GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal(2, ran.Count);
        Assert.Equal(2, inspection.Inputs.Count);

        // By construction: rows.jsonl has two good records, one bad and one cut; session.jsonl one session.
        Assert.Equal([2L, 1L], ran.Select(i => i.GetProperty("records").GetInt64()));
        Assert.Equal([1L, 0L], ran.Select(i => i.GetProperty("bad_records_skipped").GetInt64()));
        Assert.Equal([1L, 0L], ran.Select(i => i.GetProperty("truncated_records_skipped").GetInt64()));
        Assert.Equal(1, ran[1].GetProperty("read").GetProperty("lines_skipped").GetInt64());
        Assert.Equal(1, ran[1].GetProperty("read").GetProperty("types_not_understood").GetProperty("x-future-record").GetInt64());

        Assert.Equal([0L, 1L], inspection.Inputs.Select(i => i.LinesSkipped)); // inside a kept session: the damaged line
        Assert.Equal(ran.Sum(i => i.GetProperty("traces").GetInt64()), inspection.Total.Traces);
        for (var i = 0; i < 2; i++)
        {
            var input = inspection.Inputs[i];
            Assert.Equal(ran[i].GetProperty("records").GetInt64(), input.Records);
            Assert.Equal(ran[i].GetProperty("bad_records_skipped").GetInt64(), input.BadRecords);
            Assert.Equal(ran[i].GetProperty("truncated_records_skipped").GetInt64(), input.TruncatedRecords);
            Assert.Equal(ran[i].GetProperty("read").GetProperty("lines_skipped").GetInt64(), input.Read.LinesSkipped);
            Assert.Equal(JsonSerializer.Serialize(ran[i].GetProperty("read")), ReadJson(input.Read));
        }

        // The per-record warnings (bad record, cut last line, damaged session line) are the same lines in both logs; run
        // adds its summary line per input ("read report: …"), which inspect shows in its coverage section instead.
        Assert.Equal(RecordWarnings(run.Log), RecordWarnings(inspectLog.ToString()));
        Assert.Equal(3, RecordWarnings(run.Log).Count);
    }

    private static List<string> RecordWarnings(string log) =>
        log.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Contains(": warning TC", StringComparison.Ordinal) && !l.Contains("read report:", StringComparison.Ordinal)).ToList();

    private static string ReadJson(TraceCurate.Formats.ReadReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            TraceCurate.Manifests.ReadReportJson.Write(writer, "read", report);
            writer.WriteEndObject();
        }
        return JsonSerializer.Serialize(JsonDocument.Parse(buffer.ToArray()).RootElement.GetProperty("read"));
    }
}
