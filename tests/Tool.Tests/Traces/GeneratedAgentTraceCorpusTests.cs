using System.Text;
using System.Text.Json;
using TraceCurate.Manifests;
using TraceCurate.Pipeline;
using TraceCurate.Scripting;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Traces;

/// <summary>
/// The corpus check: on generated AgentTrace runs, read and exported through the pipeline, every record with
/// <c>has_error_recovery</c> has a failed call followed by a later successful one, and no record without a failed call
/// has it. "Failed" is computed here from the raw spans, independently of the classifier: a non-zero exit that is not
/// grep's exit 1, or a python tool whose output starts with a traceback.
/// </summary>
public sealed class GeneratedAgentTraceCorpusTests
{
    private static readonly string[] Commands = ["ls", "cat main.py", "grep -rn TODO .", "make", "pytest -q", "python run.py", "cd app && python3 run.py"];

    [Fact]
    public void Has_error_recovery_needs_a_failure_followed_by_a_later_success()
    {
        using var temp = new TempFolder();
        var data = temp.File("corpus.jsonl");
        var failedFirst = Generate(data, rows: 400, seed: 11);
        var output = temp.File("codeact.jsonl");
        var request = new ExportRequest
        {
            Inputs = [data], Format = "codeact", OutputFile = output,
            Run = new RunOptions { Threads = 2, Cache = CompileCache.Disabled },
        };
        var result = ExportJob.Run(request, Stream.Null);

        Assert.Equal(400, result.TracesRead);
        var records = File.ReadLines(output).Select(l => Some.Json(l)).ToDictionary(r => r.GetProperty("session_id").GetString()!);
        var withRecovery = 0;
        foreach (var (id, raw) in failedFirst)
        {
            if (!records.TryGetValue(id, out var record)) continue; // no assistant turn left (rejected)
            ExportValidators.CodeAct(record, id);
            if (!record.GetProperty("has_error_recovery").GetBoolean()) continue;
            withRecovery++;
            var firstFailure = raw.FindIndex(s => s.Failed);
            Assert.True(firstFailure >= 0, $"{id}: recovery claimed but no call failed");
            Assert.True(raw.Skip(firstFailure + 1).Any(s => !s.Failed), $"{id}: recovery claimed but nothing succeeded after the first failure");
        }
        Assert.InRange(withRecovery, 20, 400); // the generator makes recoveries common; none at all would mean a broken rule
        Assert.Contains(failedFirst, kv => kv.Value.Count > 0 && kv.Value.All(s => !s.Failed) && !records[kv.Key].GetProperty("has_error_recovery").GetBoolean());
    }

    private sealed record RawSpan(bool Failed);

    /// <summary>Writes the corpus and returns, per trace id, the raw failed/succeeded sequence of its spans in time order.</summary>
    private static Dictionary<string, List<RawSpan>> Generate(string path, int rows, int seed)
    {
        var rng = new Random(seed);
        var truth = new Dictionary<string, List<RawSpan>>();
        var text = new StringBuilder();
        for (var i = 0; i < rows; i++)
        {
            var id = $"gen-{seed}-{i:D4}";
            var spans = new List<object>();
            var steps = new List<object>();
            var raw = new List<RawSpan>();
            var t = 1_000_000_000L;
            var n = rng.Next(1, 9);
            for (var k = 0; k < n; k++)
            {
                var calls = new List<object>();
                var width = rng.Next(10) == 0 ? 2 : 1; // sometimes two calls in one step
                for (var c = 0; c < width; c++)
                {
                    var python = rng.Next(3) == 0;
                    var command = Commands[rng.Next(Commands.Length)];
                    var exit = rng.Next(10) switch { < 6 => 0, 6 or 7 => 1, 8 => 2, _ => 127 };
                    var traceback = python && exit == 0 && rng.Next(5) == 0;
                    var output = exit == 0 ? (traceback ? "Traceback (most recent call last):\nValueError: x" : "ok") : exit == 127 ? "bash: x: command not found" : "error: it broke";
                    var tool = python ? "python_interpreter" : "bash";
                    var input = python ? $"kwargs={{'code': 'print({k})'}}" : $"kwargs={{'command': '{command}'}}";
                    var failed = traceback || (exit != 0 && !(!python && command.StartsWith("grep", StringComparison.Ordinal) && exit == 1));
                    raw.Add(new RawSpan(failed));
                    spans.Add(new Dictionary<string, object?>
                    {
                        ["span_id"] = $"s{k}_{c}", ["type"] = "TOOL", ["tool_name"] = tool, ["tool_input"] = input, ["tool_output"] = output,
                        ["start_ns"] = t, ["end_ns"] = t + 1000, ["duration_ms"] = 0.001, ["exit_code"] = exit, ["parent_span_id"] = null,
                    });
                    t += 10_000;
                    var args = python ? JsonSerializer.Serialize(new { code = $"print({k})" }) : JsonSerializer.Serialize(new { command });
                    calls.Add(new { id = $"call_{k}_{c}", type = "function", function = new { name = tool, arguments = args } });
                }
                steps.Add(new { step_id = $"l{k}", step_number = k + 1, model_output = k == n - 1 ? "Done." : "", reasoning_content = (string?)null, tool_calls = calls, input_tokens = 10, output_tokens = 5 });
            }
            truth[id] = raw;
            var row = new { trace_id = id, timestamp_utc = "2026-03-28T14:00:00+00:00", prompt = $"Task {i}", model = "m", spans, llm_steps = steps, total_duration_ms = 1.0, metadata = new { dataset = "gen" } };
            text.Append(JsonSerializer.Serialize(row)).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
        return truth;
    }
}
