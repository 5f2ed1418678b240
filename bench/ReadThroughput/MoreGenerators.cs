using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Traces;

namespace TraceCurate.Bench;

/// <summary>One long mini-swe-agent run: assistant messages with a bash block, observations with a return code.</summary>
internal sealed class MiniSweAgentGenerator : Generator
{
    public override string Format => "mini-swe-agent";

    public override string FileName => "bench__instance-2.traj.json";

    public override void Write(Stream file, long targetBytes)
    {
        using var w = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartObject("info");
        w.WriteString("mini_version", "1.14.2");
        w.WriteString("exit_status", "Submitted");
        w.WriteEndObject();
        w.WriteStartArray("messages");
        Message(w, "system", "You are a helpful assistant that can interact with a computer.", null);
        Message(w, "user", "Please solve this issue: make every handler return JSON.", null);
        for (var i = 0; file.Position + w.BytesPending < targetBytes; i++)
        {
            Message(w, "assistant", $"THOUGHT: look at handler {i}.\n\n```bash\nsed -n '1,60p' app/handler_{i}.py\n```", null);
            var code = i % 5 == 0 ? 1 : 0;
            Message(w, "user", $"<returncode>{code}</returncode>\n<output>\n{Filler(i, 60)}</output>", code);
            if (i % 64 == 0) w.Flush();
        }
        w.WriteEndArray();
        w.WriteString("trajectory_format", "mini-swe-agent-1.1");
        w.WriteEndObject();
    }

    private static void Message(Utf8JsonWriter w, string role, string content, int? returnCode)
    {
        w.WriteStartObject();
        w.WriteString("role", role);
        w.WriteString("content", content);
        if (returnCode is { } code)
        {
            w.WriteStartObject("extra");
            w.WriteNumber("returncode", code);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}

/// <summary>The tool's own trace JSONL: generated AgentTrace rows read and written back as canonical traces, ids renumbered.</summary>
internal sealed class TraceGenerator : Generator
{
    public override string Format => "trace";

    public override string FileName => "traces.jsonl";

    public override void Write(Stream file, long targetBytes)
    {
        var rows = new MemoryStream();
        new AgentTraceGenerator().Write(rows, 64 * 1024);
        rows.Position = 0;
        var reader = new AgentTraceReader();
        var input = new InputFile("bench.jsonl", reader, ReadOptions.Default);
        var traces = reader.Split(rows, input).SelectMany(r => reader.Parse(r, ReadOptions.Default)).ToList();
        using var w = new Utf8JsonWriter(file, TraceJsonWriter.Options);
        for (var i = 0; file.Position + w.BytesPending < targetBytes; i++)
        {
            TraceJsonWriter.Write(w, traces[i % traces.Count] with { Id = $"bench-{i:D8}" });
            w.Flush();
            w.Reset();
            file.WriteByte((byte)'\n');
        }
    }
}
