using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Manifests;

namespace TraceCurate.Cli;

/// <summary>
/// The <c>--json</c> documents of the commands (docs/cli.md#json-output, schemas in docs/schemas/): one object on
/// stdout with <c>schema_version</c>, <c>command</c>, <c>ok</c>, the command's own keys and a <c>diagnostics</c> array,
/// which holds the errors when the command failed. Keys are snake_case, in a fixed order.
/// </summary>
internal static class CliJson
{
    public const int SchemaVersion = 1;

    /// <summary>The commands that take <c>--json</c>; a failure of any of them is a JSON document too.</summary>
    public static readonly string[] Commands = ["check", "plan", "run", "verify", "diff", "merge", "export", "inspect"];

    public static void Write(TextWriter stdout, string command, bool ok, Action<Utf8JsonWriter> body, IEnumerable<Diagnostic>? diagnostics = null)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = Traces.TraceJsonWriter.Options.Encoder }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", SchemaVersion);
            w.WriteString("command", command);
            w.WriteBoolean("ok", ok);
            body(w);
            w.WriteStartArray("diagnostics");
            foreach (var d in diagnostics ?? []) WriteDiagnostic(w, d);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stdout.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        stdout.WriteLine();
        stdout.Flush();
    }

    /// <summary>A command that failed: only the envelope and its errors.</summary>
    public static void Failure(TextWriter stdout, string command, IEnumerable<Diagnostic> diagnostics) =>
        Write(stdout, command, false, _ => { }, diagnostics);

    /// <summary>A usage error (exit 2) has no code of its own in the table; it is "usage".</summary>
    public static Diagnostic Usage(string message) => Diagnostic.Error("usage", message);

    public static void WriteDiagnostic(Utf8JsonWriter w, Diagnostic d)
    {
        w.WriteStartObject();
        w.WriteString("severity", d.Severity == Severity.Error ? "error" : "warning");
        w.WriteString("code", d.Code);
        w.WriteString("message", d.Message);
        if (d.Path is null) w.WriteNull("file"); else w.WriteString("file", Path.GetFullPath(d.Path));
        if (d.Line > 0) w.WriteNumber("line", d.Line); else w.WriteNull("line");
        if (d.Column > 0) w.WriteNumber("column", d.Column); else w.WriteNull("column");
        w.WriteString("text", d.ToString());
        w.WriteEndObject();
    }

    /// <summary>The keys every command's entry for an output has (run adds its skip counts after them).</summary>
    public static void OutputFields(Utf8JsonWriter w, OutputEntry o)
    {
        w.WriteString("path", o.Path);
        w.WriteString("format", o.Format);
        w.WriteNumber("records", o.Records);
        w.WriteNumber("bytes", o.Bytes);
        w.WriteString("sha256", o.Sha256);
    }

    public static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    /// <summary>Whether the command line asks for JSON: the command takes it and <c>--json</c> stands before a <c>--</c>.</summary>
    public static bool Requested(string[] args) =>
        args.Length > 0 && Commands.Contains(args[0]) && args.TakeWhile(a => a != "--").Contains("--json");
}
