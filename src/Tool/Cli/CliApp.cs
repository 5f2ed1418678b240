using System.Runtime.InteropServices;
using McMaster.Extensions.CommandLineUtils;
using TraceCurate.Diagnostics;
using TraceCurate.Inspect;
using TraceCurate.Outputs;
using TraceCurate.Reading;

namespace TraceCurate.Cli;

/// <summary>
/// The command line: parses options and hands them to a command class. Exit codes: 0 success, 1 recipe or data error
/// (printed as diagnostics), 2 usage error. Runs in process with any writers, so tests capture its output.
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int DataError = 1;
    public const int UsageError = 2;

    /// <summary>Set as the process-wide default by Program.cs (docs/safety.md).</summary>
    public static readonly TimeSpan RegexMatchTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Every command, in the order of the help listing, with the name it registers itself under and, for a command that
    /// reads traces, the warm-up of its read path started as soon as the command is named (ReadWarmUp: it runs while
    /// the command line is parsed and the inputs are found).
    /// </summary>
    internal static readonly (string Name, Action<CommandLineApplication, TextWriter, TextWriter> Register, Action? WarmUp)[] Commands =
    [
        ("run", RunCommand.Register, () => ReadWarmUp.Start()),
        ("check", CheckCommand.Register, null),
        ("verify", VerifyCommand.Register, null),
        ("diff", DiffCommand.Register, null),
        ("merge", MergeCommand.Register, null),
        ("recover", RecoverCommand.Register, null),
        ("plan", (app, stdout, _) => PlanCommand.Register(app, stdout), null),
        ("emit", (app, stdout, _) => EmitCommand.Register(app, stdout), null),
        ("export", ExportCommand.Register, () => ReadWarmUp.Start()),
        ("inspect", InspectCommand.Register, InspectJob.WarmUp),
        ("report", (app, _, stderr) => ReportCommand.Register(app, stderr), InspectJob.WarmUp),
    ];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var app = new CommandLineApplication
        {
            Name = "dotnet-trace-curate",
            FullName = "trace-curate",
            Description = "Curate AI coding-agent traces into reproducible datasets with YAML recipes and C# predicates.",
            Out = stdout,
            Error = stderr,
        };
        app.HelpOption("-h|--help");
        // One line, "trace-curate 0.1.0", as docs/cli.md shows (the library's own prints the name and version on two).
        app.Option("--version", "Show the version: one line, trace-curate VERSION.", CommandOptionType.NoValue);
        if (args is ["--version"])
        {
            stdout.WriteLine($"trace-curate {ToolVersion.Current}");
            return Ok;
        }
        // Only the command named on the command line is built (building all ten took about 6 ms of every start); any
        // other first argument (none, --help, a misspelt command) gets all of them, for the listing and the suggestions.
        var named = args.Length > 0 ? Array.FindIndex(Commands, c => c.Name == args[0]) : -1;
        if (named >= 0 && !args.Contains("--help") && !args.Contains("-h")) Commands[named].WarmUp?.Invoke();
        for (var i = 0; i < Commands.Length; i++)
            if (named < 0 || i == named) Commands[i].Register(app, stdout, stderr);
        // A command's help goes to the writers given here (the library gives each command the process console).
        foreach (var command in app.Commands)
        {
            (command.Out, command.Error) = (stdout, stderr);
            CliExamples.Add(command);
        }
        app.OnExecute(() =>
        {
            app.ShowHelp();
            return UsageError;
        });
        // SIGINT/SIGTERM remove the run's staging folder and exit 130/143 (128 + signal), previous outputs untouched.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Interrupted(c, 130, "SIGINT", stderr));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Interrupted(c, 143, "SIGTERM", stderr));
        try
        {
            return app.Execute(args);
        }
        catch (Exception e) when (e is CommandParsingException or UsageException or Recipes.ParamOverrideException)
        {
            stderr.WriteLine($"trace-curate: error: {e.Message} (see --help)");
            // With --json the failure is a document on stdout too, so a script reads one format whatever happened.
            if (CliJson.Requested(args)) CliJson.Failure(stdout, args[0], [CliJson.Usage(e.Message)]);
            return UsageError;
        }
        catch (TraceCurateException e)
        {
            foreach (var diagnostic in e.Diagnostics) stderr.WriteLine(diagnostic);
            if (CliJson.Requested(args)) CliJson.Failure(stdout, args[0], e.Diagnostics);
            return DataError;
        }
    }

    private static void Interrupted(PosixSignalContext context, int exitCode, string signal, TextWriter stderr)
    {
        context.Cancel = true; // RunAbort exits itself, after removing the staging folders
        RunAbort.Exit(exitCode, Diagnostic.Error(DiagnosticCodes.RunInterrupted,
            $"interrupted by {signal}; no output was replaced and no temporary file was left").ToString(), stderr);
    }
}
