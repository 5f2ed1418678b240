using McMaster.Extensions.CommandLineUtils;
using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;

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
        app.VersionOption("--version", Manifest.ToolVersion);
        RunCommand.Register(app, stderr);
        CheckCommand.Register(app, stdout, stderr);
        InspectCommand.Register(app, stdout, stderr);
        ReportCommand.Register(app, stderr);
        app.OnExecute(() =>
        {
            app.ShowHelp();
            return UsageError;
        });
        try
        {
            return app.Execute(args);
        }
        catch (CommandParsingException e)
        {
            stderr.WriteLine($"trace-curate: error: {e.Message} (see --help)");
            return UsageError;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"trace-curate: error: {e.Message} (see --help)");
            return UsageError;
        }
        catch (TraceCurateException e)
        {
            foreach (var diagnostic in e.Diagnostics) stderr.WriteLine(diagnostic);
            return DataError;
        }
    }
}

/// <summary>A command line that parses but makes no sense (a bad number, a missing file argument): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
