using TraceCurate.Diagnostics;
using TraceCurate.ScaleOut;
using McMaster.Extensions.CommandLineUtils;

namespace TraceCurate.Cli;

/// <summary><c>merge PART… --out DIR</c>: joins the part folders of every shard into the plain run's outputs and manifest.</summary>
internal static class MergeCommand
{
    public static void Register(CommandLineApplication app, TextWriter stdout, TextWriter stderr) => app.Command("merge", cmd =>
    {
        cmd.Description = "Join the part folders written by 'run --shard' into outputs and a manifest identical to a plain run's.";
        var parts = cmd.Argument("PART", "The part folder of each shard (all N of them).", multipleValues: true);
        var outDir = cmd.Option("-o|--out <DIR>", "The output folder (required).", CommandOptionType.SingleValue);
        var json = cmd.Option("--json", "Print the result as one JSON document on stdout (docs/cli.md#json-output); errors too.", CommandOptionType.NoValue);
        cmd.HelpOption("-h|--help");
        cmd.OnExecute(() =>
        {
            if (parts.Values.Count == 0) throw new UsageException("missing PART folders");
            if (!outDir.HasValue()) throw new UsageException("missing --out DIR");
            var model = MergeJob.Run(parts.Values.Where(v => v is not null).Select(v => v!).ToList(), outDir.Value()!);
            if (json.HasValue())
            {
                CliJson.Write(stdout, "merge", true, w =>
                {
                    w.WriteString("out", Path.GetFullPath(outDir.Value()!));
                    w.WriteNumber("parts", parts.Values.Count);
                    w.WriteStartArray("outputs");
                    foreach (var o in model.Outputs)
                    {
                        w.WriteStartObject();
                        CliJson.OutputFields(w, o);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
                return CliApp.Ok;
            }
            stderr.WriteLine($"merged {parts.Values.Count} part(s) into {outDir.Value()}: " +
                             string.Join(", ", model.Outputs.Select(o => $"{o.Path} ({o.Records} records)")));
            return CliApp.Ok;
        });
    });
}
