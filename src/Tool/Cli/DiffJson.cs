using TraceCurate.Manifests;

namespace TraceCurate.Cli;

/// <summary><c>diff --json</c> (docs/schemas/diff.schema.json): what differs, as the Markdown table shows it.</summary>
internal static class DiffJson
{
    public static void Write(TextWriter stdout, ManifestDiff diff) => CliJson.Write(stdout, "diff", diff.Same, w =>
    {
        w.WriteBoolean("same", diff.Same);
        CliJson.Strings(w, "build", diff.Build);
        CliJson.Strings(w, "inputs", diff.Inputs);
        w.WriteStartArray("steps");
        foreach (var (step, counter, before, after) in diff.Steps)
        {
            w.WriteStartObject();
            w.WriteString("step", step);
            w.WriteString("counter", counter);
            w.WriteNumber("before", before);
            w.WriteNumber("after", after);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("outputs");
        foreach (var o in diff.Outputs)
        {
            w.WriteStartObject();
            w.WriteString("path", o.Path);
            w.WriteNumber("records_before", o.RecordsBefore);
            w.WriteNumber("records_after", o.RecordsAfter);
            w.WriteNumber("bytes_before", o.BytesBefore);
            w.WriteNumber("bytes_after", o.BytesAfter);
            w.WriteBoolean("content_changed", o.ContentChanged);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("skips");
        foreach (var (path, reason, before, after) in diff.Skips)
        {
            w.WriteStartObject();
            w.WriteString("path", path);
            w.WriteString("reason", reason);
            w.WriteNumber("before", before);
            w.WriteNumber("after", after);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });
}
