using System.Globalization;
using System.Text.Json;

namespace TraceCurate.Bench;

/// <summary>
/// Writes one large file of a format, deterministically (the content depends only on the target size). Each generator
/// repeats a realistic unit (an AgentTrace row, a Codex turn, a SWE-agent step) with its numbers varied by index.
/// </summary>
internal abstract class Generator
{
    public abstract string Format { get; }

    public abstract string FileName { get; }

    public abstract void Write(Stream file, long targetBytes);

    /// <summary>The bytes the reader goes through for the generated input (more than one file for a storage format).</summary>
    public virtual long Bytes(string path) => new FileInfo(path).Length;

    protected static string Filler(int i, int lines)
    {
        var sb = new System.Text.StringBuilder();
        for (var k = 0; k < lines; k++)
            sb.Append(CultureInfo.InvariantCulture, $"{k + 1}: def handler_{i}_{k}(request): return render(request, 'page_{k}.html', {{'id': {i * 31 + k}}})\n");
        return sb.ToString();
    }
}

internal static class Generators
{
    public static readonly IReadOnlyList<Generator> All =
        [new AgentTraceGenerator(), new CodexGenerator(), new SweAgentGenerator(), new MiniSweAgentGenerator(), new TraceGenerator(),
         new OpenHandsGenerator(), new OpenHandsOutputGenerator(),
         new GeminiCliGenerator(), new OpencodeGenerator()];
}

internal sealed class AgentTraceGenerator : Generator
{
    public override string Format => "agenttrace";

    public override string FileName => "agenttrace.jsonl";

    public override void Write(Stream file, long targetBytes)
    {
        for (var i = 0; file.Position < targetBytes; i++)
        {
            using (var w = new Utf8JsonWriter(file))
            {
                w.WriteStartObject();
                w.WriteString("trace_id", $"00000000-0000-4000-8000-{i:D12}");
                w.WriteString("timestamp_utc", "2026-03-28T14:02:11.524310+00:00");
                w.WriteString("prompt", $"Write a function that returns the {i}th prime number.");
                w.WriteString("model", "Qwen/Qwen3-1.7B");
                w.WriteStartArray("spans");
                for (var s = 0; s < 4; s++)
                {
                    w.WriteStartObject();
                    w.WriteString("span_id", $"s{s}");
                    w.WriteString("type", "TOOL");
                    w.WriteString("tool_name", "python_interpreter");
                    w.WriteString("tool_input", $"kwargs={{'code': 'print(prime({i + s}))'}}");
                    w.WriteString("tool_output", s == 0 ? "NameError: name 'prime' is not defined" : Filler(i + s, 8));
                    w.WriteNumber("start_ns", 912_000_000_000L + s * 40_000_000L);
                    w.WriteNumber("duration_ms", 30.1 + s);
                    w.WriteNumber("exit_code", s == 0 ? 1 : 0);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("llm_steps");
                for (var s = 0; s < 4; s++)
                {
                    w.WriteStartObject();
                    w.WriteNumber("step_number", s + 1);
                    w.WriteString("model_output", "");
                    w.WriteString("reasoning_content", $"Step {s}: test the helper on {i + s}.");
                    w.WriteStartArray("tool_calls");
                    w.WriteStartObject();
                    w.WriteString("id", $"call_{s}");
                    w.WriteStartObject("function");
                    w.WriteString("name", "python_interpreter");
                    w.WriteString("arguments", $"{{\"code\": \"print(prime({i + s}))\"}}");
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteNumber("input_tokens", 1210 + s);
                    w.WriteNumber("output_tokens", 58 + s);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteNumber("total_duration_ms", 2210.4);
                w.WriteStartObject("metadata");
                w.WriteString("dataset", "mbpp");
                w.WriteString("task_id", $"mbpp/{i}");
                w.WriteEndObject();
                w.WriteEndObject();
            }
            file.WriteByte((byte)'\n');
        }
    }
}
