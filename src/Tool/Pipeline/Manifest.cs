using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Pipeline;

/// <summary>
/// <c>manifest.json</c>: what a build read, did and wrote, so it can be checked and repeated. Keys in a fixed order;
/// no timings, thread count, host name or absolute path, so the same recipe on the same inputs gives the same bytes
/// whatever <c>--out</c> or <c>--threads</c> (paths are relative to the recipe's folder or the output folder).
/// </summary>
public static class Manifest
{
    public const string FileName = "manifest.json";

    public static string ToolVersion =>
        typeof(Manifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static byte[] Build(RecipePlan plan, IReadOnlyList<InputStats> inputs, Funnel funnel, IReadOnlyList<OutputRecord> outputs, long? limit)
    {
        var recipe = plan.Recipe;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = TraceJsonWriter.Options.Encoder }))
        {
            w.WriteStartObject();
            w.WriteString("tool", "trace-curate");
            w.WriteString("tool_version", ToolVersion);
            w.WriteString("runtime_version", Environment.Version.ToString());
            w.WriteStartObject("recipe");
            w.WriteString("name", recipe.Name);
            w.WriteString("file", Path.GetFileName(recipe.Path));
            w.WriteString("sha256", Sha(Encoding.UTF8.GetBytes(recipe.Text)));
            w.WriteEndObject();
            w.WriteStartObject("params");
            foreach (var p in recipe.Params)
            {
                switch (p.Value)
                {
                    case bool b: w.WriteBoolean(p.Name, b); break;
                    case int i: w.WriteNumber(p.Name, i); break;
                    case long n: w.WriteNumber(p.Name, n); break;
                    case double d: w.WriteNumber(p.Name, d); break;
                    default: w.WriteString(p.Name, (string)p.Value); break;
                }
            }
            w.WriteEndObject();
            w.WriteStartArray("imports");
            foreach (var import in recipe.Imports)
            {
                w.WriteStartObject();
                w.WriteString("path", Relative(recipe.Directory, import));
                w.WriteString("sha256", Sha(File.ReadAllBytes(import)));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("compile_cache_key", plan.Snippets.CacheKey);
            if (limit is { } l) w.WriteNumber("limit", l); else w.WriteNull("limit");
            w.WriteStartArray("inputs");
            foreach (var input in inputs)
            {
                w.WriteStartObject();
                w.WriteString("path", Relative(recipe.Directory, input.File.Path));
                w.WriteString("format", input.File.Reader.Format);
                w.WriteNumber("bytes", input.Bytes);
                w.WriteString("sha256", input.Sha256);
                w.WriteNumber("records", input.Records);
                w.WriteNumber("traces", input.Traces);
                w.WriteNumber("bad_records_skipped", input.BadRecords);
                w.WriteNumber("truncated_records_skipped", input.Truncated);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("steps");
            for (var i = 0; i < funnel.Steps.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("name", funnel.Steps[i].Name);
                w.WriteString("verb", recipe.Steps[i].Verb);
                foreach (var (name, value) in funnel.Counters(i)) w.WriteNumber(name, value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("outputs");
            foreach (var output in outputs)
            {
                w.WriteStartObject();
                w.WriteString("path", output.Path);
                w.WriteString("format", output.Format);
                w.WriteNumber("records", output.Records);
                w.WriteNumber("bytes", output.Bytes);
                w.WriteString("sha256", output.Sha256);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Relative(string baseDirectory, string path) => Path.GetRelativePath(baseDirectory, path).Replace('\\', '/');
}
