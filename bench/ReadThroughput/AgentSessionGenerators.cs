using System.Globalization;
using System.Text.Json;

namespace TraceCurate.Bench;

/// <summary>
/// One long Gemini CLI JSONL session (v0.39+): each model message written twice, as the CLI does (first with its call
/// executing, then with the result and tokens), a <c>$set</c> after each turn; every fifth shell call exits 1.
/// </summary>
internal sealed class GeminiCliGenerator : Generator
{
    public override string Format => "gemini-cli";

    public override string FileName => "session-bench.jsonl";

    public override void Write(Stream file, long targetBytes)
    {
        Line(file, w =>
        {
            w.WriteString("sessionId", "bench-0000-4000-8000-000000000001");
            w.WriteString("projectHash", new string('a', 64));
            w.WriteString("startTime", "2026-05-02T09:00:00.000Z");
            w.WriteString("lastUpdated", "2026-05-02T09:00:00.000Z");
            w.WriteString("kind", "main");
        });
        Line(file, w => Message(w, "u0", "user", "Make every handler return JSON."));
        for (var i = 0; file.Position < targetBytes; i++)
        {
            for (var pass = 0; pass < 2; pass++)
            {
                var done = pass == 1;
                Line(file, w =>
                {
                    Message(w, $"g{i}", "gemini", $"Looking at handler {i}.");
                    w.WriteString("model", "gemini-2.5-pro");
                    w.WriteStartArray("thoughts");
                    w.WriteStartObject();
                    w.WriteString("subject", "Reading the handler");
                    w.WriteString("description", $"Handler {i} renders HTML; it should return JSON.");
                    w.WriteEndObject();
                    w.WriteEndArray();
                    if (done)
                    {
                        w.WriteStartObject("tokens");
                        w.WriteNumber("input", 9000 + i);
                        w.WriteNumber("output", 60);
                        w.WriteNumber("cached", 8000);
                        w.WriteNumber("thoughts", 20);
                        w.WriteNumber("tool", 0);
                        w.WriteNumber("total", 9080 + i);
                        w.WriteEndObject();
                    }
                    w.WriteStartArray("toolCalls");
                    w.WriteStartObject();
                    var id = string.Create(CultureInfo.InvariantCulture, $"run_shell_command-{1777712400000L + i}-{i:x6}");
                    w.WriteString("id", id);
                    w.WriteString("name", "run_shell_command");
                    w.WriteStartObject("args");
                    w.WriteString("command", $"sed -n '1,40p' app/handler_{i}.py");
                    w.WriteEndObject();
                    w.WriteString("status", done ? "success" : "executing");
                    if (done)
                    {
                        w.WriteStartArray("result");
                        w.WriteStartObject();
                        w.WriteStartObject("functionResponse");
                        w.WriteString("id", id);
                        w.WriteString("name", "run_shell_command");
                        w.WriteStartObject("response");
                        w.WriteString("output", $"Output: {Filler(i, 40)}{(i % 5 == 0 ? "Exit Code: 1\n" : "")}Process Group PGID: {1000 + i}");
                        w.WriteEndObject();
                        w.WriteEndObject();
                        w.WriteEndObject();
                        w.WriteEndArray();
                    }
                    w.WriteString("timestamp", "2026-05-02T09:00:07.000Z");
                    w.WriteEndObject();
                    w.WriteEndArray();
                });
            }
            Line(file, w =>
            {
                w.WriteStartObject("$set");
                w.WriteString("lastUpdated", "2026-05-02T09:00:09.000Z");
                w.WriteEndObject();
            });
        }
    }

    private static void Message(Utf8JsonWriter w, string id, string type, string content)
    {
        w.WriteString("id", id);
        w.WriteString("timestamp", "2026-05-02T09:00:05.000Z");
        w.WriteString("type", type);
        w.WriteString("content", content);
    }

    private static void Line(Stream file, Action<Utf8JsonWriter> write)
    {
        using (var w = new Utf8JsonWriter(file))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        file.WriteByte((byte)'\n');
    }
}

/// <summary>
/// One long opencode session in the JSON storage layout: the session file (the input) and, beside it in
/// <c>message/</c> and <c>part/</c>, a message file per turn and a text, a tool (bash; every fifth exits 1) and a
/// step-finish part file each, 2-space indented as opencode writes them. The MB/s counts every file of the session.
/// </summary>
internal sealed class OpencodeGenerator : Generator
{
    private const string Session = "ses_bench0000000000000000001";

    public override string Format => "opencode";

    public override string FileName => Path.Combine("opencode", "session", "proj_bench", Session + ".json");

    public override long Bytes(string path) =>
        Directory.EnumerateFiles(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."), "*.json", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    public override void Write(Stream file, long targetBytes)
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(((FileStream)file).Name)!, "..", ".."));
        Json(file, w =>
        {
            w.WriteString("id", Session);
            w.WriteString("version", "1.1.40");
            w.WriteString("projectID", "proj_bench");
            w.WriteString("directory", "/srv/bench");
            w.WriteString("title", "Make every handler return JSON");
            w.WriteStartObject("time");
            w.WriteNumber("created", 1767000000000L);
            w.WriteNumber("updated", 1767000900000L);
            w.WriteEndObject();
        });
        long written = file.Position;
        for (var i = 0; written < targetBytes; i++)
        {
            var message = string.Create(CultureInfo.InvariantCulture, $"msg_{i:D24}");
            written += Write(Path.Combine(root, "message", Session, message + ".json"), w =>
            {
                w.WriteString("id", message);
                w.WriteString("sessionID", Session);
                w.WriteString("role", i == 0 ? "user" : "assistant");
                w.WriteStartObject("time");
                w.WriteNumber("created", 1767000000000L + i * 1000L);
                w.WriteEndObject();
                if (i > 0) w.WriteString("modelID", "claude-sonnet-4-5");
            });
            written += Part(root, message, i, 1, "text", w => w.WriteString("text", i == 0 ? "Make every handler return JSON." : $"Looking at handler {i}."));
            if (i == 0) continue;
            written += Part(root, message, i, 2, "tool", w =>
            {
                w.WriteString("callID", $"toolu_{i}");
                w.WriteString("tool", "bash");
                w.WriteStartObject("state");
                w.WriteString("status", "completed");
                w.WriteStartObject("input");
                w.WriteString("command", $"sed -n '1,40p' app/handler_{i}.py");
                w.WriteEndObject();
                w.WriteString("output", Filler(i, 40));
                w.WriteStartObject("metadata");
                w.WriteNumber("exit", i % 5 == 0 ? 1 : 0);
                w.WriteEndObject();
                w.WriteStartObject("time");
                w.WriteNumber("start", 1767000000000L + i * 1000L);
                w.WriteNumber("end", 1767000000500L + i * 1000L);
                w.WriteEndObject();
                w.WriteEndObject();
            });
            written += Part(root, message, i, 3, "step-finish", w =>
            {
                w.WriteNumber("cost", 0.001);
                w.WriteStartObject("tokens");
                w.WriteNumber("input", 900);
                w.WriteNumber("output", 60);
                w.WriteNumber("reasoning", 0);
                w.WriteStartObject("cache");
                w.WriteNumber("read", 8000);
                w.WriteNumber("write", 0);
                w.WriteEndObject();
                w.WriteEndObject();
            });
        }
    }

    private static long Part(string root, string message, int i, int k, string type, Action<Utf8JsonWriter> write)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"prt_{i:D20}{k:D4}");
        return Write(Path.Combine(root, "part", message, id + ".json"), w =>
        {
            w.WriteString("id", id);
            w.WriteString("sessionID", Session);
            w.WriteString("messageID", message);
            w.WriteString("type", type);
            write(w);
        });
    }

    private static long Write(string path, Action<Utf8JsonWriter> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        Json(file, write);
        return file.Length;
    }

    private static void Json(Stream file, Action<Utf8JsonWriter> write)
    {
        using var w = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        write(w);
        w.WriteEndObject();
    }
}
