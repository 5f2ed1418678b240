using McMaster.Extensions.CommandLineUtils;
using TraceCurate.Diagnostics;
using TraceCurate.Outputs;

namespace TraceCurate.Cli;

/// <summary>
/// <c>recover OUT…</c>: resolves what killed runs left in output folders (docs/safety.md): finishes a commit that had
/// passed its commit point, undoes one that had not, deletes unfinished builds. <c>run</c>, <c>merge</c> and
/// <c>verify</c> do the same first; this is for a folder another program reads before the next run.
/// </summary>
internal static class RecoverCommand
{
    public static void Register(CommandLineApplication app, TextWriter stdout, TextWriter stderr) => app.Command("recover", cmd =>
    {
        cmd.Description = "After a killed run: leave an output folder holding one complete build (the previous or the new), and no staging folder.";
        var folders = cmd.Argument("OUT", "The output folder(s) to recover.", multipleValues: true);
        cmd.HelpOption("-h|--help");
        cmd.OnExecute(() =>
        {
            if (folders.Values.Count == 0) throw new UsageException("missing OUT folder");
            var resolved = 0;
            foreach (var folder in folders.Values.Where(v => v is not null).Select(v => v!))
            {
                if (!Directory.Exists(folder)) throw new UsageException($"no such folder: {folder}");
                foreach (var note in OutputRecovery.Recover(folder))
                {
                    stderr.WriteLine(note);
                    resolved++;
                }
            }
            stdout.WriteLine(resolved == 0 ? "nothing to recover" : $"recovered {resolved} interrupted commit(s)");
            return CliApp.Ok;
        });
    });
}
