using System.Text.Json;

namespace TraceCurate.Bench;

/// <summary>
/// OpenHands events as the current CodeAct agent writes them: a <c>run</c> action with its tool-call metadata (the model
/// response, repeated on the observation, as OpenHands does) and its observation with <c>extras.metadata.exit_code</c>,
/// then a <c>str_replace_editor</c> edit and its observation. Shared by the trajectory and the output-row generators.
/// </summary>
internal static class OpenHandsEvents
{
    public static void Step(Utf8JsonWriter w, int i, ref int id)
    {
        var run = id;
        var command = $"cd /workspace/app && python -m pytest tests/test_handler_{i}.py -q";
        Action(w, id++, "run", $"call_{i}_a", i, () =>
        {
            w.WriteString("command", command);
            w.WriteString("thought", $"Run the tests of handler {i}.");
            w.WriteBoolean("is_input", false);
        });
        var code = i % 5 == 0 ? 1 : 0;
        Observation(w, id++, "run", run, $"call_{i}_a", i, Output(i, 40) + $"[The command completed with exit code {code}.]", () =>
        {
            w.WriteString("command", command);
            w.WriteStartObject("metadata");
            w.WriteNumber("exit_code", code);
            w.WriteString("working_dir", "/workspace/app");
            w.WriteEndObject();
        });
        var edit = id;
        Action(w, id++, "edit", $"call_{i}_b", i, () =>
        {
            w.WriteString("path", $"/workspace/app/handler_{i}.py");
            w.WriteString("command", "str_replace");
            w.WriteString("old_str", $"return render(request, 'page_{i}.html')");
            w.WriteString("new_str", $"return JsonResponse({{'id': {i}}})");
            w.WriteString("thought", "Return JSON.");
        });
        Observation(w, id++, "edit", edit, $"call_{i}_b", i, $"The file /workspace/app/handler_{i}.py has been edited.", () =>
            w.WriteString("path", $"/workspace/app/handler_{i}.py"));
    }

    /// <summary>A test run's output of a few dozen lines, varied by step.</summary>
    private static string Output(int i, int lines)
    {
        var sb = new System.Text.StringBuilder();
        for (var k = 0; k < lines; k++)
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"tests/test_handler_{i}.py::test_case_{k} {(k == 0 && i % 5 == 0 ? "FAILED" : "PASSED")}\n");
        return sb.ToString();
    }

    private static void Action(Utf8JsonWriter w, int id, string kind, string callId, int i, System.Action args)
    {
        w.WriteStartObject();
        Envelope(w, id, kind == "run" ? $"Running command for step {i}" : "", callId, i);
        w.WriteString("action", kind);
        w.WriteStartObject("args");
        args();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Observation(Utf8JsonWriter w, int id, string kind, int cause, string callId, int i, string content, System.Action extras)
    {
        w.WriteStartObject();
        Envelope(w, id, $"Observed step {i}", callId, i);
        w.WriteNumber("cause", cause);
        w.WriteString("observation", kind);
        w.WriteString("content", content);
        w.WriteStartObject("extras");
        extras();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Envelope(Utf8JsonWriter w, int id, string message, string callId, int i)
    {
        w.WriteNumber("id", id);
        w.WriteString("timestamp", $"2025-05-01T10:{i / 60 % 60:D2}:{i % 60:D2}.{id % 1000:D3}");
        w.WriteString("source", "agent");
        w.WriteString("message", message);
        w.WriteStartObject("tool_call_metadata");
        w.WriteString("function_name", callId.EndsWith('a') ? "execute_bash" : "str_replace_editor");
        w.WriteString("tool_call_id", callId);
        w.WriteStartObject("model_response");
        w.WriteString("id", $"chatcmpl-{i}");
        w.WriteString("model", "claude-sonnet-4-20250514");
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", 4000 + i);
        w.WriteNumber("completion_tokens", 120);
        w.WriteNumber("cache_read_input_tokens", 3800);
        w.WriteNumber("cache_creation_input_tokens", 150);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

/// <summary>One long OpenHands trajectory: a JSON array of events, indented as <c>save_trajectory_path</c> writes it.</summary>
internal sealed class OpenHandsGenerator : Generator
{
    public override string Format => "openhands";

    public override string FileName => "openhands-trajectory.json";

    public override void Write(Stream file, long targetBytes)
    {
        using var w = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        w.WriteStartArray();
        var id = 0;
        for (var i = 0; file.Position + w.BytesPending < targetBytes; i++)
        {
            OpenHandsEvents.Step(w, i, ref id);
            if (i % 64 == 0) w.Flush();
        }
        w.WriteEndArray();
    }
}

/// <summary>An evaluation <c>output.jsonl</c>: one SWE-bench-style row per line, 16 steps of events in its <c>history</c>.</summary>
internal sealed class OpenHandsOutputGenerator : Generator
{
    public override string Format => "openhands-output";

    public override string FileName => "openhands-output.jsonl";

    public override void Write(Stream file, long targetBytes)
    {
        for (var row = 0; file.Position < targetBytes; row++)
        {
            using (var w = new Utf8JsonWriter(file))
            {
                w.WriteStartObject();
                w.WriteString("instance_id", $"app__app-{row}");
                w.WriteString("instruction", $"Make handler {row} return JSON.");
                w.WriteStartArray("history");
                var id = 0;
                for (var i = 0; i < 16; i++) OpenHandsEvents.Step(w, row * 16 + i, ref id);
                w.WriteEndArray();
                w.WriteStartObject("test_result");
                w.WriteStartObject("report");
                w.WriteBoolean("resolved", row % 3 != 0);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteStartObject("metrics");
                w.WriteNumber("accumulated_cost", 0.42);
                w.WriteEndObject();
                w.WriteNull("error");
                w.WriteEndObject();
            }
            file.WriteByte((byte)'\n');
        }
    }
}
