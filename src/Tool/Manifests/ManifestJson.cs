using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;

namespace TraceCurate.Manifests;

/// <summary>
/// The one serializer of <see cref="ManifestModel"/>: keys in a fixed order, indented, UTF-8, final newline. No
/// timings, thread count, host name or absolute path ever reach it, so equal models give equal bytes.
/// </summary>
public static class ManifestJson
{
    public const string FileName = "manifest.json";

    public static byte[] Write(ManifestModel m)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = TraceJsonWriter.Options.Encoder }))
            Write(w, m);
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static void Write(Utf8JsonWriter w, ManifestModel m)
    {
        w.WriteStartObject();
        w.WriteString("tool", "trace-curate");
        w.WriteString("tool_version", m.ToolVersion);
        w.WriteString("runtime_version", m.RuntimeVersion);
        w.WriteStartObject("recipe");
        w.WriteString("name", m.Recipe.Name);
        w.WriteString("file", m.Recipe.File);
        w.WriteString("sha256", m.Recipe.Sha256);
        w.WriteEndObject();
        w.WriteStartObject("params");
        foreach (var (name, value) in m.Params)
        {
            switch (value)
            {
                case bool b: w.WriteBoolean(name, b); break;
                case int i: w.WriteNumber(name, i); break;
                case long n: w.WriteNumber(name, n); break;
                case double d: w.WriteNumber(name, d); break;
                default: w.WriteString(name, value.ToString()); break;
            }
        }
        w.WriteEndObject();
        w.WriteStartArray("imports");
        foreach (var i in m.Imports)
        {
            w.WriteStartObject();
            w.WriteString("path", i.Path);
            w.WriteString("sha256", i.Sha256);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("compile_cache_key", m.CompileCacheKey);
        // Only when set, so guarded recipes keep their manifest bytes (docs/safety.md).
        if (m.Unsafe) w.WriteBoolean("unsafe", true);
        if (m.Limit is { } limit) w.WriteNumber("limit", limit); else w.WriteNull("limit");
        // Only when some were, so manifests of runs that skipped nothing keep their bytes.
        if (m.SkippedUnknown.Count > 0)
        {
            w.WriteStartArray("skipped_unknown_inputs");
            foreach (var path in m.SkippedUnknown) w.WriteStringValue(path);
            w.WriteEndArray();
        }
        w.WriteStartArray("inputs");
        foreach (var i in m.Inputs)
        {
            w.WriteStartObject();
            w.WriteString("path", i.Path);
            w.WriteString("format", i.Format);
            w.WriteNumber("bytes", i.Bytes);
            w.WriteString("sha256", i.Sha256);
            w.WriteNumber("records", i.Records);
            w.WriteNumber("traces", i.Traces);
            w.WriteNumber("bad_records_skipped", i.BadRecordsSkipped);
            w.WriteNumber("truncated_records_skipped", i.TruncatedRecordsSkipped);
            if (i.Read is { } read) ReadReportJson.Write(w, "read", read);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("steps");
        foreach (var s in m.Steps)
        {
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            w.WriteString("verb", s.Verb);
            foreach (var (name, value) in s.Counters) w.WriteNumber(name, value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("outputs");
        foreach (var o in m.Outputs)
        {
            w.WriteStartObject();
            w.WriteString("path", o.Path);
            w.WriteString("format", o.Format);
            w.WriteNumber("records", o.Records);
            w.WriteNumber("bytes", o.Bytes);
            w.WriteString("sha256", o.Sha256);
            w.WriteStartObject("skipped");
            foreach (var (reason, count) in o.Skipped) w.WriteNumber(reason, count);
            w.WriteEndObject();
            // Only when some were: manifests of outputs that do not inline keep their bytes.
            if (o.SubagentsNotInlined > 0) w.WriteNumber("subagents_not_inlined", o.SubagentsNotInlined);
            if (!o.IsSingleFile)
            {
                w.WriteStartArray("files");
                foreach (var f in o.Files)
                {
                    w.WriteStartObject();
                    w.WriteString("path", f.Path);
                    w.WriteNumber("bytes", f.Bytes);
                    w.WriteString("sha256", f.Sha256);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static ManifestModel Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return Read(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.ManifestInvalid, $"not a trace-curate manifest: {e.Message}", path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputNotFound, $"cannot read the manifest: {e.Message}", path));
        }
    }

    public static ManifestModel Read(JsonElement r)
    {
        var recipe = r.GetProperty("recipe");
        return new ManifestModel
        {
            ToolVersion = r.GetProperty("tool_version").GetString()!,
            RuntimeVersion = r.GetProperty("runtime_version").GetString()!,
            Recipe = new RecipeEntry(Str(recipe, "name"), Str(recipe, "file"), Str(recipe, "sha256")),
            Params = r.TryGetProperty("params", out var ps)
                ? ps.EnumerateObject().Select(p => new KeyValuePair<string, object>(p.Name, p.Value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number when p.Value.TryGetInt32(out var i) => i,
                    JsonValueKind.Number when p.Value.TryGetInt64(out var l) => l,
                    JsonValueKind.Number => p.Value.GetDouble(),
                    _ => (object)(p.Value.GetString() ?? ""),
                })).ToList()
                : [],
            Imports = r.GetProperty("imports").EnumerateArray().Select(i => new FileEntry(Str(i, "path"), Str(i, "sha256"))).ToList(),
            CompileCacheKey = Str(r, "compile_cache_key"),
            Unsafe = r.TryGetProperty("unsafe", out var u) && u.ValueKind == JsonValueKind.True,
            Limit = r.GetProperty("limit").ValueKind == JsonValueKind.Number ? r.GetProperty("limit").GetInt64() : null,
            SkippedUnknown = r.TryGetProperty("skipped_unknown_inputs", out var su) ? su.EnumerateArray().Select(e => e.GetString() ?? "").ToList() : [],
            Inputs = r.GetProperty("inputs").EnumerateArray().Select(i => new InputEntry(Str(i, "path"), Str(i, "format"),
                Num(i, "bytes"), Str(i, "sha256"), Num(i, "records"), Num(i, "traces"), Num(i, "bad_records_skipped"),
                Num(i, "truncated_records_skipped")) { Read = i.TryGetProperty("read", out var read) ? ReadReportJson.Read(read) : null }).ToList(),
            Steps = r.GetProperty("steps").EnumerateArray().Select(s => new StepEntry(Str(s, "name"), Str(s, "verb"),
                s.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)
                    .Select(p => new KeyValuePair<string, long>(p.Name, p.Value.GetInt64())).ToList())).ToList(),
            Outputs = r.GetProperty("outputs").EnumerateArray().Select(ReadOutput).ToList(),
        };
    }

    private static OutputEntry ReadOutput(JsonElement o)
    {
        var path = Str(o, "path");
        var files = o.TryGetProperty("files", out var list)
            ? list.EnumerateArray().Select(f => new OutputFile(Str(f, "path"), Num(f, "bytes"), Str(f, "sha256"))).ToList()
            : [new OutputFile(path, Num(o, "bytes"), Str(o, "sha256"))];
        return new OutputEntry(path, Str(o, "format"), Num(o, "records"), Num(o, "bytes"), Str(o, "sha256"), files)
        {
            // Absent from manifests written before skips were counted: read as none.
            Skipped = o.TryGetProperty("skipped", out var skipped)
                ? skipped.EnumerateObject().Select(p => new KeyValuePair<string, long>(p.Name, p.Value.GetInt64())).ToList()
                : [],
            SubagentsNotInlined = o.TryGetProperty("subagents_not_inlined", out var n) ? n.GetInt64() : 0,
        };
    }

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString() ?? "";

    private static long Num(JsonElement e, string name) => e.GetProperty(name).GetInt64();
}
