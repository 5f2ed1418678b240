using McMaster.Extensions.CommandLineUtils;
using TraceCurate.Cli;

namespace TraceCurate.Tests.Cli;

/// <summary>
/// The command line builds only the command its first argument names (<c>CliApp.Commands</c>), and every command for
/// any other first argument. A command listed under a name it does not register itself under would be unreachable.
/// </summary>
public sealed class CommandTableTests
{
    [Fact]
    public void Each_entry_registers_exactly_the_command_it_is_listed_under()
    {
        var names = new List<string>();
        foreach (var (name, register, _) in CliApp.Commands)
        {
            var app = new CommandLineApplication();
            register(app, TextWriter.Null, TextWriter.Null);

            Assert.Equal(name, Assert.Single(app.Commands).Name);
            names.Add(name);
        }
        Assert.Equal(["run", "check", "verify", "diff", "merge", "recover", "plan", "emit", "export", "inspect", "report"], names);
    }

    [Fact]
    public void Only_the_commands_that_read_traces_warm_their_read_path_up()
    {
        // A warm-up started by a command that reads no trace (check, plan, diff…) would only cost a core.
        Assert.Equal(["run", "export", "inspect", "report"], CliApp.Commands.Where(c => c.WarmUp is not null).Select(c => c.Name));
    }

    [Fact]
    public void Without_a_command_the_help_lists_them_all()
    {
        var result = Support.Cli.Run("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var (name, _, _) in CliApp.Commands) Assert.Matches($@"(?m)^\s+{name}\s", result.Out);
    }

    [Fact]
    public void A_misspelt_command_is_still_refused_as_a_usage_error()
    {
        var result = Support.Cli.Run("rnu", "recipe.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("rnu", result.Err);
    }
}
