using McMaster.Extensions.CommandLineUtils;
using TraceCurate.Diagnostics;
using TraceCurate.Steps.Redaction;
using TraceCurate.Recipes;

namespace TraceCurate.Cli;

/// <summary><c>--secret VALUE</c> and <c>--secrets-from FILE</c>, shared by <c>run</c> and <c>export</c> (docs/safety.md).</summary>
internal sealed class SecretOptions
{
    private readonly CommandOption _secret, _from;

    public SecretOptions(CommandLineApplication cmd)
    {
        _secret = cmd.Option("--secret <VALUE>", "A secret value to replace exactly wherever it occurs (also URL-encoded or JSON-escaped); repeatable. Never written anywhere.", CommandOptionType.MultipleValue);
        _from = cmd.Option("--secrets-from <FILE>", "An env-style file (KEY=value, export KEY=value) whose values are secrets to replace exactly; repeatable.", CommandOptionType.MultipleValue);
    }

    public SecretList Values()
    {
        try
        {
            return CommandLineSecrets.Read(_secret.Values.OfType<string>(), _from.Values.OfType<string>(), Directory.GetCurrentDirectory());
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
