using System.Text.Json;
using TraceCurate.Pipeline;

namespace TraceCurate.Cli;

/// <summary>The summary of <c>run --json</c> and <c>export --json</c> (docs/schemas/run.schema.json): what <see cref="RunSummary"/> prints, as data.</summary>
internal static class RunSummaryJson
{
    public static void Write(TextWriter stdout, string command, RunResult result) => CliJson.Write(stdout, command, true, w =>
    {
        w.WriteNumber("traces_read", result.TracesRead);
        w.WriteNumber("traces_kept", result.TracesKept);
        w.WriteBoolean("limit_reached", result.LimitReached);
        w.WriteBoolean("unsafe", result.Unsafe);
        w.WriteNumber("elapsed_seconds", Math.Round(result.Elapsed.TotalSeconds, 3));
        w.WriteStartArray("inputs");
        foreach (var input in result.Inputs)
        {
            w.WriteStartObject();
            w.WriteString("path", input.File.Path);
            w.WriteString("format", input.File.Reader.Format);
            w.WriteNumber("bytes_read", input.BytesRead);
            w.WriteNumber("records", input.Records);
            w.WriteNumber("traces", input.Traces);
            w.WriteNumber("bad_records", input.BadRecords);
            w.WriteNumber("truncated_records", input.Truncated);
            w.WriteNumber("lines_skipped", input.LinesSkipped);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        CliJson.Strings(w, "skipped_unknown", result.SkippedUnknown);
        w.WriteStartArray("steps");
        for (var i = 0; i < result.Funnel.Steps.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("name", result.Funnel.Steps[i].Name);
            w.WriteStartObject("counters");
            foreach (var (name, value) in result.Funnel.Counters(i)) w.WriteNumber(name, value);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("outputs");
        foreach (var output in result.Outputs)
        {
            w.WriteStartObject();
            CliJson.OutputFields(w, output);
            w.WriteStartObject("skipped");
            foreach (var (reason, count) in output.Skipped) w.WriteNumber(reason, count);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });
}
