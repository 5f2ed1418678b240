using System.Globalization;
using System.Text.Json;

namespace TraceCurate.Bench;

/// <summary>One long Codex rollout: turns of reasoning, a shell call and its output (every fifth one fails), token counts.</summary>
internal sealed class CodexGenerator : Generator
{
    public override string Format => "codex";

    public override string FileName => "rollout-bench.jsonl";

    public override void Write(Stream file, long targetBytes)
    {
        Line(file, "2026-01-22T10:00:00.000Z", "session_meta", w =>
        {
            w.WriteString("id", "bench-0000-4000-8000-000000000000");
            w.WriteString("timestamp", "2026-01-22T10:00:00.000Z");
            w.WriteString("cwd", "/srv/bench");
            w.WriteString("cli_version", "0.66.0");
        });
        Line(file, "2026-01-22T10:00:01.000Z", "response_item", w =>
        {
            w.WriteString("type", "message");
            w.WriteString("role", "user");
            w.WriteStartArray("content");
            w.WriteStartObject();
            w.WriteString("type", "input_text");
            w.WriteString("text", "Make every handler return JSON.");
            w.WriteEndObject();
            w.WriteEndArray();
        });
        long input = 0, output = 0;
        for (var i = 0; file.Position < targetBytes; i++)
        {
            var at = DateTimeOffset.Parse("2026-01-22T10:00:02Z", CultureInfo.InvariantCulture).AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var id = $"call_{i:D8}";
            Line(file, at, "response_item", w =>
            {
                w.WriteString("type", "reasoning");
                w.WriteStartArray("summary");
                w.WriteStartObject();
                w.WriteString("type", "summary_text");
                w.WriteString("text", $"**Checking handler {i}**");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteNull("content");
                w.WriteString("encrypted_content", new string('A', 400));
            });
            Line(file, at, "response_item", w =>
            {
                w.WriteString("type", "function_call");
                w.WriteString("name", "shell_command");
                w.WriteString("arguments", $"{{\"command\":\"sed -n '1,40p' app/handler_{i}.py\",\"workdir\":\"/srv/bench\"}}");
                w.WriteString("call_id", id);
            });
            input += 3000 + i % 500;
            output += 40 + i % 30;
            Line(file, at, "event_msg", w =>
            {
                w.WriteString("type", "token_count");
                w.WriteStartObject("info");
                w.WriteStartObject("total_token_usage");
                w.WriteNumber("input_tokens", input);
                w.WriteNumber("cached_input_tokens", input / 2);
                w.WriteNumber("output_tokens", output);
                w.WriteNumber("reasoning_output_tokens", 0);
                w.WriteNumber("total_tokens", input + output);
                w.WriteEndObject();
                w.WriteEndObject();
            });
            Line(file, at, "response_item", w =>
            {
                w.WriteString("type", "function_call_output");
                w.WriteString("call_id", id);
                w.WriteString("output", $"Exit code: {(i % 5 == 0 ? 1 : 0)}\nWall time: 0.1 seconds\nOutput:\n{Filler(i, 40)}");
            });
        }
    }

    private static void Line(Stream file, string at, string type, Action<Utf8JsonWriter> payload)
    {
        using (var w = new Utf8JsonWriter(file))
        {
            w.WriteStartObject();
            w.WriteString("timestamp", at);
            w.WriteString("type", type);
            w.WriteStartObject("payload");
            payload(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        file.WriteByte((byte)'\n');
    }
}

/// <summary>One large pretty-printed SWE-agent trajectory: open/edit/python steps with long observations.</summary>
internal sealed class SweAgentGenerator : Generator
{
    public override string Format => "swe-agent";

    public override string FileName => "bench__instance-1.traj";

    public override void Write(Stream file, long targetBytes)
    {
        using var w = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("environment", "main");
        w.WriteStartArray("trajectory");
        var steps = 0;
        for (; file.Position + w.BytesPending < targetBytes; steps++)
        {
            w.WriteStartObject();
            var action = (steps % 3) switch { 0 => $"open app/handler_{steps}.py", 1 => $"edit 1:3\nreturn {{'id': {steps}}}\nend_of_edit", _ => "python -m pytest -q" };
            w.WriteString("action", action);
            w.WriteString("observation", steps % 7 == 2 ? "Traceback (most recent call last):\n  File \"x.py\", line 1\nKeyError: 'id'" : Filler(steps, 60));
            w.WriteString("response", $"Step {steps}: continue.");
            w.WriteString("thought", $"Step {steps}: continue.");
            w.WriteNumber("execution_time", 0.25);
            w.WriteStartObject("state");
            w.WriteString("open_file", $"/repo/app/handler_{steps}.py");
            w.WriteString("working_dir", "/repo");
            w.WriteEndObject();
            w.WriteEndObject();
            if (steps % 64 == 0) w.Flush();
        }
        w.WriteEndArray();
        w.WriteStartArray("history");
        w.WriteStartObject();
        w.WriteString("role", "system");
        w.WriteString("content", "SETTING: bench");
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("role", "user");
        w.WriteString("content", "Make every handler return JSON.");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("info");
        w.WriteString("exit_status", "submitted");
        w.WriteStartObject("model_stats");
        w.WriteNumber("instance_cost", 1.5);
        w.WriteNumber("tokens_sent", 1000L * steps);
        w.WriteNumber("tokens_received", 50L * steps);
        w.WriteNumber("api_calls", steps);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
